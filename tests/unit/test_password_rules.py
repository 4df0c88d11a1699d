"""The program password's rules: scrypt with its parameters stored, constant-time checking, the
length rule, and the growing wait after mistakes."""

from __future__ import annotations

import base64
import hmac
import time

import pytest

from kemitraan_desktop.domain import password
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.password import PasswordHash, hash_password, verify_password


def test_a_password_is_hashed_with_scrypt_and_its_parameters_kept_beside_it():
    record = hash_password("rahasia1")
    assert (record.n, record.r, record.p) == (2**14, 8, 1)
    assert len(record.salt) == 16 and len(record.digest) == 32
    text = record.encode()
    scheme, n, r, p, salt, digest = text.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert base64.b64decode(salt) == record.salt and base64.b64decode(digest) == record.digest
    assert "rahasia1" not in text
    assert PasswordHash.decode(text) == record


def test_the_same_password_gets_another_salt_each_time():
    first, second = hash_password("rahasia1"), hash_password("rahasia1")
    assert first.salt != second.salt and first.digest != second.digest
    assert verify_password("rahasia1", first) and verify_password("rahasia1", second.encode())


def test_only_the_right_password_matches():
    stored = hash_password("rahasia1").encode()
    assert verify_password("rahasia1", stored)
    for wrong in ("rahasia2", "Rahasia1", "rahasia1 ", "", "rahasia"):
        assert not verify_password(wrong, stored)


def test_the_same_characters_typed_another_way_match():
    stored = hash_password("kafé123")  # é as one code point
    assert verify_password("kafe\u0301123", stored)  # e + combining accent


def test_the_comparison_is_constant_time(monkeypatch):
    calls = []
    real = hmac.compare_digest

    def recording(a, b):
        calls.append((type(a), type(b)))
        return real(a, b)

    monkeypatch.setattr(password.hmac, "compare_digest", recording)
    stored = hash_password("rahasia1")
    assert verify_password("rahasia1", stored) and not verify_password("salah123", stored)
    assert calls == [(bytes, bytes), (bytes, bytes)]


def test_the_parameters_of_the_record_are_used_not_the_current_defaults():
    old = hash_password("rahasia1", n=2**10, r=4, p=1)
    assert verify_password("rahasia1", old.encode())
    assert not verify_password("rahasia2", old.encode())


@pytest.mark.parametrize("record", [
    "", "rahasia1", "bcrypt$16384$8$1$AAAA$AAAA", "scrypt$16384$8$1$!!$AAAA",
    "scrypt$1000$8$1$" + "A" * 24 + "$" + "A" * 44,  # n not a power of two
    "scrypt$1048576$8$1$" + "A" * 24 + "$" + "A" * 44,  # 1 GiB of memory: refused, not run
    "scrypt$16384$8$1$" + "A" * 24 + "$AAAA",  # a key too short
])
def test_a_record_this_program_cannot_check_matches_no_password(record):
    assert not verify_password("rahasia1", record)
    with pytest.raises(ValueError):
        PasswordHash.decode(record)


def test_checking_takes_well_under_150_ms():
    """CPU time, the best of five: scrypt's own cost, not the wait for a busy machine's CPU."""
    stored = hash_password("rahasia1")
    times = []
    for _ in range(5):
        started = time.process_time()
        verify_password("rahasia1", stored)
        times.append(time.process_time() - started)
    assert min(times) < 0.15


def test_a_new_password_has_six_characters_and_is_typed_the_same_twice():
    password.check_new_password("abcdef", "abcdef")
    with pytest.raises(UserError) as short:
        password.check_new_password("abcde", "abcde")
    assert short.value.field == "new_password" and "6 karakter" in short.value.message
    with pytest.raises(UserError) as different:
        password.check_new_password("abcdef", "abcdeg")
    assert different.value.field == "repeat_password"
    assert different.value.message == "Kedua kata sandi baru tidak sama. Ketik ulang keduanya."


def test_the_wait_grows_from_the_third_mistake_and_stays_short():
    assert [password.wait_after(n) for n in range(1, 9)] == [0, 0, 2, 4, 8, 16, 30, 30]
