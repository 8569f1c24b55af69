"""Secrets handed out once (session ids, API tokens, one-time links) and the digests kept instead."""

from __future__ import annotations

import hashlib
import secrets

API_TOKEN_PREFIX = "coord_"
PREFIX_SHOWN = 12  # "coord_" and six characters: enough to tell tokens apart, useless for guessing


def new_secret() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def new_api_token() -> str:
    return API_TOKEN_PREFIX + new_secret()


def digest(secret: str) -> str:
    # A fast hash is enough: the secrets have 256 bits of entropy, unlike passwords.
    return hashlib.sha256(secret.encode()).hexdigest()
