#!/usr/bin/env python3
"""An independent check of yrdq's verifiable credentials, written from the W3C specs only
(nothing shared with the Swift code): the eddsa-jcs-2022 proof (Data Integrity EdDSA
Cryptosuites v1.0 §3.3.2) with PyNaCl and the `rfc8785` JCS package from PyPI, the did:key
of the bureau's PEM public key, and Bitstring Status List v1.0 bits.

    vc-check.py PUBLIC.pem CREDENTIAL.json [STATUS-LIST-CREDENTIAL.json ...]

Prints one JSON object: {"proof": true|false, "lists": {purpose: {"proof": bool, "set": bool}}}.
"""
import base64, gzip, hashlib, json, sys

import nacl.exceptions
import nacl.signing
import rfc8785
from cryptography.hazmat.primitives import serialization

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = ALPHABET[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    n = 0
    for c in text:
        n = n * 58 + ALPHABET.index(c)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def did_key(raw: bytes) -> str:
    return "did:key:z" + b58encode(b"\xed\x01" + raw)


def verify_proof(document: dict, raw_key: bytes) -> bool:
    document = json.loads(json.dumps(document))
    proof = document.pop("proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != "eddsa-jcs-2022":
        return False
    value = proof.pop("proofValue")
    if not value.startswith("z"):
        return False
    signature = b58decode(value[1:])
    did = did_key(raw_key)
    if proof.get("verificationMethod") != did + "#" + did[len("did:key:"):]:
        return False
    if "@context" in proof:
        ctx = proof["@context"]
        if document["@context"][: len(ctx)] != ctx:
            return False
        document["@context"] = ctx
    proof["@context"] = document["@context"]
    data = hashlib.sha256(rfc8785.dumps(proof)).digest() + hashlib.sha256(rfc8785.dumps(document)).digest()
    try:
        nacl.signing.VerifyKey(raw_key).verify(data, signature)
        return True
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
        return False  # a signature that does not verify, or is not 64 bytes


def main() -> None:
    with open(sys.argv[1], "rb") as f:
        key = serialization.load_pem_public_key(f.read())
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    with open(sys.argv[2], encoding="utf-8") as f:
        credential = json.load(f)
    result = {"proof": verify_proof(credential, raw), "did": did_key(raw) == credential["issuer"]["id"], "lists": {}}
    for path in sys.argv[3:]:
        with open(path, encoding="utf-8") as f:
            listed = json.load(f)
        subject = listed["credentialSubject"]
        purpose = subject["statusPurpose"]
        entry = next(e for e in credential["credentialStatus"] if e["statusPurpose"] == purpose)
        encoded = subject["encodedList"]
        assert encoded.startswith("u")
        bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
        index = int(entry["statusListIndex"])
        result["lists"][purpose] = {
            "proof": verify_proof(listed, raw),
            "same": entry["statusListCredential"] == listed["id"],
            "size": len(bits) * 8,
            "set": bool(bits[index // 8] & (0x80 >> (index % 8))) if index < len(bits) * 8 else None,
        }
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
