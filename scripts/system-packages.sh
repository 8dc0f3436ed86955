#!/usr/bin/env bash
# Debian packages Cakupan needs beyond Python: Pango and HarfBuzz for the PDF reports (WeasyPrint) and the
# Noto Sans fonts the reports and charts are set in, and poppler-utils (pdftoppm) by which the tests compare a
# report's pages as pictures. Installed when missing and run as root; otherwise
# the missing ones are named (the PDF reports then fail with a clear message, nothing else does).
set -euo pipefail
needed=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core poppler-utils)
missing=()
for package in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${missing[*]} with apt-get" >&2
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get install -y -qq "${missing[@]}" >/dev/null
  }
else
  echo "warning: missing Debian packages for PDF reports: apt-get install -y ${missing[*]}" >&2
fi
