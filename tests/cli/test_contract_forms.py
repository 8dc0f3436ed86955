"""Every form of the command-line contract (/work/shared/spec/cli.md, v2) answers with its exit status and
the shape of its output: each command and option, `--json`, `--lang` and LANG, and each documented exit
status (0 done; 1 refused input, unknown region or no data; 2 usage error). Run in-process on the test
database, so the same test reads the command line before and after it is rebuilt (issue 22 §5)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from cakupan.cli import main
from tests.personas import (
    PARTICIPATION_HEADER,
    WORKFORCE_HEADER,
    csv_bytes,
    participation_rows,
)

pytestmark = pytest.mark.django_db

COMMANDS = (
    "init",
    "import",
    "indicators",
    "ranking",
    "report",
    "report-batch",
    "serve",
    "demo",
    "user",
    "match",
    "backup",
    "restore",
    "nik-sweep",
    "pack",
    "digest",
    "poverty",
    "worker",
    "manage",
)
WORKFORCE = csv_bytes(
    WORKFORCE_HEADER,
    [("53", "2024-06", "total", "1654526", "BPS Sakernas"), ("53.71", "2024-06", "total", "250000", "BPS")],
)
PARTICIPATION = csv_bytes(
    PARTICIPATION_HEADER,
    participation_rows("53", "2024-06", {"PU": 400_000, "BPU": 120_000}, {"PU": 90_000})
    + participation_rows("53.71", "2024-06", {"PU": 60_000, "BPU": 20_000}),
)
# The keys `indicators --json` carries (spec/cli.md and the data contract v2).
INDICATOR_KEYS = {
    "coverage_rate",
    "gap_points",
    "workers_to_protect",
    "active",
    "inactive",
    "registered",
    "workers",
    "segments",
    "rank",
    "workforce_source",
    "workers_period",
    "active_all",
    "children_reporting",
    "children_total",
    "leaves_reporting",
    "leaves_total",
    "measured_workforce_share",
    "incomplete",
    "warnings",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The exit status, standard output and standard error of `cakupan ARGS`, as a shell would see them."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


@pytest.fixture
def figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nusa Tenggara Timur and Kupang city in June 2024, imported through the command line."""
    assert run(capsys, "import", "workforce", write(tmp_path, "wf.csv", WORKFORCE))[0] == 0
    assert run(capsys, "import", "participation", write(tmp_path, "p.csv", PARTICIPATION))[0] == 0


def test_help_lists_every_command_of_the_contract_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert out.startswith("usage: cakupan [-h] [--lang {id,en}]")
    assert "{" + ",".join(COMMANDS) + "}" in out
    for name in COMMANDS:
        code, out, _ = run(capsys, name, "--help")
        assert code == 0 and out.startswith(f"usage: cakupan {name} "), name


def test_no_command_an_unknown_command_or_a_missing_argument_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys)
    assert code == 2 and "the following arguments are required: command" in err
    code, _, err = run(capsys, "nosuch")
    assert code == 2 and "invalid choice: 'nosuch'" in err
    code, _, err = run(capsys, "indicators", "53")
    assert code == 2 and err.startswith("usage: cakupan indicators")
    code, _, err = run(capsys, "report", "53", "2024-06")
    assert code == 2 and "--out" in err
    code, _, err = run(capsys, "report-batch", "desa", "2024-06", "--out", "x.zip")
    assert code == 2 and "invalid choice: 'desa'" in err
    code, _, err = run(capsys, "serve", "--port", "eighty")
    assert code == 2 and "invalid int value" in err
    code, _, err = run(capsys, "--lang", "fr", "init")
    assert code == 2 and "invalid choice: 'fr'" in err


def test_init_migrates_loads_the_region_master_and_can_run_again(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "init", "--lang", "en")
    assert code == 0
    first, second = out.splitlines()
    assert first.startswith("Database ready. Region master: ")
    assert second.startswith("Regions by level: ") and "38" in second and "514" in second
    code, out, _ = run(capsys, "init")
    assert code == 0 and out.startswith("Basis data siap. Master wilayah: 0 baru, 0 diperbarui, ")


def test_import_stores_a_valid_file_and_says_what_it_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "import", "workforce", write(tmp_path, "wf.csv", WORKFORCE), "--lang", "en")
    assert code == 0
    assert out.splitlines()[0] == "wf.csv: 2 rows, 2 regions, 2024-06 to 2024-06."
    assert out.splitlines()[1].startswith("Stored as batch #")
    code, out, _ = run(capsys, "import", "participation", write(tmp_path, "p.csv", PARTICIPATION), "--json")
    report = json.loads(out)
    assert code == 0
    assert report["stored"] is True and report["valid"] is True and report["dry_run"] is False
    assert {"file", "dataset", "sha256", "rows", "periods", "regions", "problems", "warnings", "new"} <= set(
        report
    )
    assert report["periods"] == ["2024-06"] and isinstance(report["batch"], int)
    code, out, _ = run(capsys, "import", "workforce", write(tmp_path, "wf.csv", WORKFORCE), "--lang", "en")
    assert code == 0 and "Nothing changed" in out


def test_import_dry_run_validates_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "wf.csv", WORKFORCE)
    code, out, _ = run(capsys, "import", "workforce", path, "--dry-run", "--lang", "en")
    assert code == 0 and out.rstrip().endswith("Dry run: nothing was stored.")
    code, out, _ = run(capsys, "import", "workforce", path, "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0 and report["stored"] is False and report["dry_run"] is True and report["new"] == 2
    assert report["replaced_figures"] == []


def test_import_of_invalid_data_exits_1_lists_every_problem_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = csv_bytes(
        WORKFORCE_HEADER, [("53", "2024-13", "total", "-5", "BPS"), ("99", "2024-06", "total", "1", "")]
    )
    path = write(tmp_path, "bad.csv", bad)
    code, out, _ = run(capsys, "import", "workforce", path, "--lang", "en")
    assert code == 1
    assert out.splitlines()[0].startswith("bad.csv is refused: ") and "Nothing was stored." in out
    assert len(out.splitlines()) >= 3  # the heading and one line per problem
    code, out, _ = run(capsys, "import", "workforce", path, "--json")
    report = json.loads(out)
    assert (
        code == 1 and report["valid"] is False and report["stored"] is False and len(report["problems"]) >= 2
    )
    assert {"row", "column", "value", "reason"} <= set(report["problems"][0])


def test_import_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "wf.csv", WORKFORCE)
    code, _, err = run(capsys, "import", "nonsense", path, "--lang", "en")
    assert code == 2 and err.startswith("Unknown dataset nonsense; choose one of: workforce, participation")
    code, _, err = run(capsys, "import", "workforce", str(tmp_path / "missing.csv"), "--lang", "en")
    assert code == 2 and err.startswith("Cannot read ")
    code, _, err = run(capsys, "import", "workforce", path, "--user", "nobody", "--lang", "en")
    assert code == 2 and err.strip() == "No Cakupan account named nobody."


def test_indicators_in_words_in_json_and_in_either_language(
    figures: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "indicators", "53", "2024-06")
    assert code == 0 and out.splitlines()[0] == "Nusa Tenggara Timur (53) — Juni 2024"
    assert out.splitlines()[1].startswith("Cakupan ")
    code, out, _ = run(capsys, "indicators", "53", "2024-06", "--lang", "en")
    assert code == 0 and out.splitlines()[0] == "Nusa Tenggara Timur (53) — June 2024"
    assert out.splitlines()[1].startswith("Coverage ")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    code, out, _ = run(capsys, "indicators", "53", "2024-06")
    assert code == 0 and out.splitlines()[1].startswith("Coverage ")
    code, out, _ = run(capsys, "indicators", "53", "2024-06", "--lang", "id")
    assert code == 0 and out.splitlines()[1].startswith("Cakupan ")
    code, out, _ = run(capsys, "indicators", "5371", "2024-06", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) >= INDICATOR_KEYS
    assert data["region_code"] == "53.71" and data["active"] == 80_000 and data["workers"] == 250_000
    assert data["coverage_rate"] == 32.0


def test_indicators_and_ranking_exit_1_for_an_unknown_region_a_bad_month_or_no_data(
    figures: None, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("indicators", "ranking"):
        code, out, err = run(capsys, command, "99", "2024-06")
        assert (code, out, err) == (1, "", "Wilayah 99 tidak dikenal.\n")
        code, out, err = run(capsys, command, "99", "2024-06", "--lang", "en")
        assert (code, err) == (1, "Unknown region 99.\n")
        code, _, err = run(capsys, command, "53", "2024-13", "--lang", "en")
        assert (code, err) == (1, "2024-13: the month must be 01 to 12.\n")
        code, _, err = run(capsys, command, "53", "1999-06", "--lang", "en")
        assert (code, err) == (1, "1999-06: the year must be between 2000 and 2100.\n")
        code, _, err = run(capsys, command, "53", "June", "--lang", "en")
        assert (code, err) == (1, "June is not a month; write YYYY-MM, e.g. 2024-06.\n")
        code, _, err = run(capsys, command, "52", "2024-06", "--lang", "en")
        assert code == 1 and err.startswith("No figures for Nusa Tenggara Barat (52) in June 2024.")


def test_ranking_lists_the_children_in_words_and_in_json(
    figures: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "ranking", "53", "2024-06", "--lang", "en")
    assert code == 0 and out.splitlines()[0] == "Nusa Tenggara Timur (53) — June 2024"
    assert any(line.split()[:2] == ["1", "53.71"] for line in out.splitlines())
    code, out, _ = run(capsys, "ranking", "53", "2024-06", "--json")
    data = json.loads(out)
    assert code == 0
    rows = data["regions"] if isinstance(data, dict) else data
    first = next(row for row in rows if row["region_code"] == "53.71")
    assert first["rank"] == 1 and first["coverage_rate"] == 32.0 and "workforce_source" in first
    code, out, _ = run(capsys, "ranking", "00", "2024-06", "--json")
    assert code == 0 and "53" in out


def test_report_writes_the_workbook_or_refuses_with_its_exit_status(
    figures: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "out" / "ntt.xlsx"
    code, out, _ = run(capsys, "report", "53", "2024-06", "--out", str(out_file), "--lang", "en")
    assert code == 0 and out.startswith(f"Report written to {out_file} (")
    assert zipfile.is_zipfile(out_file) and not out_file.with_name("ntt.xlsx.part").exists()
    code, _, err = run(capsys, "report", "53", "2024-06", "--out", str(tmp_path / "x.txt"), "--lang", "en")
    assert (code, err) == (2, "The output file must end in .pdf or .xlsx.\n")
    code, _, err = run(capsys, "report", "99", "2024-06", "--out", str(tmp_path / "x.xlsx"), "--lang", "en")
    assert (code, err) == (1, "Unknown region 99.\n")
    code, _, err = run(capsys, "report", "52", "2024-06", "--out", str(tmp_path / "x.xlsx"), "--lang", "en")
    assert (code, err) == (1, "No figures for Nusa Tenggara Barat (52) in 2024-06.\n")


def test_report_batch_exits_1_for_a_month_without_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "report-batch", "provinsi", "2024-06", "--out", str(tmp_path / "r.zip"), "--lang", "en"
    )
    assert (code, err) == (1, "No figures for 2024-06.\n")
    code, _, err = run(
        capsys, "report-batch", "provinsi", "2024-6x", "--out", str(tmp_path / "r.zip"), "--lang", "en"
    )
    assert code == 1 and err.startswith("2024-6x is not a month")


def test_pack_writes_the_meeting_pack_or_refuses_with_its_exit_status(
    figures: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "pack.xlsx"
    code, out, _ = run(capsys, "pack", "53", "2024-06", "--out", str(out_file), "--lang", "en")
    assert code == 0 and zipfile.is_zipfile(out_file) and str(out_file) in out
    code, _, err = run(capsys, "pack", "53", "2024-06", "--out", str(tmp_path / "p.doc"), "--lang", "en")
    assert (code, err) == (2, "The output file must end in .pptx, .pdf or .xlsx.\n")
    code, _, err = run(capsys, "pack", "99", "2024-06", "--out", str(out_file), "--lang", "en")
    assert (code, err) == (1, "Unknown region 99.\n")
    code, _, err = run(
        capsys, "pack", "53", "2024-06", "--meeting", "999999", "--out", str(out_file), "--lang", "en"
    )
    assert code == 1 and err.startswith("No meeting 999999 hosted by Nusa Tenggara Timur (53)")
    code, _, err = run(
        capsys, "pack", "53", "2024-06", "--user", "nobody", "--out", str(out_file), "--lang", "en"
    )
    assert (code, err) == (2, "No active account nobody.\n")


def test_backup_and_restore_refuse_a_missing_or_foreign_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(A backup and a restore that succeed run as processes of their own: cakupan/backup/tests.)"""
    code, _, err = run(capsys, "backup")
    assert code == 2 and "the following arguments are required: file" in err
    code, _, err = run(capsys, "restore", str(tmp_path / "missing.zip"), "--lang", "en")
    assert code == 2 and err.startswith("Cannot read ")
    foreign = tmp_path / "foreign.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as made:
        made.writestr("hello.txt", "not a Cakupan backup")
    foreign.write_bytes(buffer.getvalue())
    code, out, err = run(capsys, "restore", str(foreign), "--replace", "--lang", "en")
    assert code == 1 and err and not out
    code, out, err = run(capsys, "restore", str(foreign), "--json")
    assert code == 1 and err and not out  # a refusal is said in words, also with --json


def test_user_commands_create_grant_reset_list_and_issue_tokens(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "user", "add", "ana", "--role", "REGIONAL_OFFICER", "--region", "53", "--lang", "en"
    )
    assert code == 0 and out.startswith("Account ana created. Password (shown once): ")
    code, out, _ = run(
        capsys, "user", "grant", "ana", "--role", "REGIONAL_OFFICER", "--region", "52", "--lang", "en"
    )
    assert (code, out) == (0, "Role REGIONAL_OFFICER given to ana.\n")
    code, out, _ = run(capsys, "user", "password", "ana", "--lang", "en")
    assert code == 0 and out.startswith("New password for ana (shown once): ")
    code, out, _ = run(capsys, "user", "list")
    assert code == 0 and out == "ana: REGIONAL_OFFICER 52,53\n"
    code, out, _ = run(capsys, "user", "token", "ana", "--role", "REGIONAL_OFFICER", "--region", "53")
    assert code == 0 and len(out.strip()) >= 20 and "\n" not in out.strip()
    code, _, err = run(capsys, "user", "add", "bob", "--role", "NOPE", "--lang", "en")
    assert code == 2 and err.startswith("Unknown role NOPE; choose one of: NATIONAL_ADMIN")
    assert not User.objects.filter(username="bob").exists()
    code, _, err = run(
        capsys, "user", "add", "bob", "--role", "REGIONAL_OFFICER", "--region", "99", "--lang", "en"
    )
    assert (code, err) == (2, "Unknown region 99.\n")
    code, _, err = run(capsys, "user", "grant", "ana", "--role", "REGIONAL_OFFICER", "--lang", "en")
    assert (code, err) == (2, "Name the regions (--region) or the office (--office) of this role.\n")
    code, _, err = run(capsys, "user", "password", "nobody", "--lang", "en")
    assert (code, err) == (1, "No Cakupan account named nobody.\n")
    code, _, err = run(
        capsys, "user", "token", "ana", "--role", "REGIONAL_OFFICER", "--region", "x", "--lang", "en"
    )
    assert code == 2 and err
    code, _, err = run(capsys, "user")
    assert code == 2 and "required: user_command" in err


def test_demo_refuses_to_run_in_production(settings: object, capsys: pytest.CaptureFixture[str]) -> None:
    settings.ENVIRONMENT = "production"  # type: ignore[attr-defined]
    code, out, err = run(capsys, "demo", "--no-serve", "--lang", "en")
    assert (code, out) == (2, "")
    assert err == "`cakupan demo` does not run with CAKUPAN_ENV=production: use `cakupan serve`.\n"


def test_worker_once_runs_the_waiting_jobs_and_stops(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "worker", "--once", "--lang", "en")
    assert (code, out) == (0, "0 jobs run.\n")


def test_manage_runs_a_django_management_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "manage", "check")
    assert code == 0 and "System check identified no issues" in out


def test_the_list_commands_refuse_a_missing_file_as_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "match", str(tmp_path / "none.csv"), "--region", "53")
    assert code == 2 and not out and err.startswith("Berkas ")
    code, out, err = run(capsys, "poverty", str(tmp_path / "none.csv"), "--lang", "en")
    assert (code, out, err) == (2, "", "No such file: none.csv\n")
    code, out, err = run(capsys, "poverty", str(tmp_path / "none.csv"), "--period", "June", "--lang", "en")
    assert code == 2


def test_digest_dry_run_and_nik_sweep_report_and_change_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "digest", "--dry-run", "--lang", "en")
    assert code in (0, 1) and out.rstrip().endswith("nothing was sent.")
    code, out, _ = run(capsys, "nik-sweep", "--dry-run", "--json")
    assert code == 0 and json.loads(out) == {"dry_run": True, "rows": 0, "columns": {}}
