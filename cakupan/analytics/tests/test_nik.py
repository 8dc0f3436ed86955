from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from cakupan.analytics.nik import KeyProblem, is_hash, load_key, masked, nik_hash, normal_nik


def test_the_hash_is_hmac_sha256_of_the_16_digits_with_the_key() -> None:
    key = b"s" * 32
    expected = hmac.new(key, b"5371010101900001", hashlib.sha256).hexdigest()
    assert nik_hash(key, "5371010101900001") == expected
    assert nik_hash(b"t" * 32, "5371010101900001") != expected
    assert is_hash(expected)


def test_the_key_comes_from_a_file_or_an_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "key").write_bytes(b"f" * 40 + b"\n")
    assert load_key(key_file=tmp_path / "key") == b"f" * 40
    monkeypatch.setenv("CAKUPAN_TEST_NIK_KEY", "e" * 32)
    assert load_key(env_var="CAKUPAN_TEST_NIK_KEY") == b"e" * 32


@pytest.mark.parametrize("content", [b"", b"tiny-key-91"])
def test_a_missing_or_short_key_is_refused_without_showing_it(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "key").write_bytes(content)
    with pytest.raises(KeyProblem) as error:
        load_key(key_file=tmp_path / "key")
    assert "tiny-key-91" not in str(error.value)
    with pytest.raises(KeyProblem):
        load_key(key_file=tmp_path / "missing")
    with pytest.raises(KeyProblem):
        load_key(env_var="CAKUPAN_TEST_UNSET_VARIABLE")


def test_a_nik_is_16_digits_and_a_hash_is_shown_by_its_prefix_only() -> None:
    assert normal_nik(" 5371010101900001 ") == "5371010101900001"
    assert normal_nik("537101010190000") is None
    assert normal_nik("53710101019000AB") is None
    assert masked("a" * 64) == "aaaaaaaa…"
