"""The feeds' gzip copy (``compression.gzip_parts``): what every client decodes, and little work after an edit."""

from __future__ import annotations

import gzip
import hashlib
import os
import random
import subprocess
import sys
import zlib

from coordination.feeds import compression


def feed_parts(count: int, *, seed: int = 5) -> list[bytes]:
    chooser = random.Random(seed)
    words = ["cities", "données", "forum", "Lyon", "réseau", "webinar", "commons", "Bilbao"]
    return (
        [b"BEGIN:VCALENDAR\r\n"]
        + [
            (
                f"BEGIN:VEVENT\r\nSUMMARY:Event {number} {' '.join(chooser.choices(words, k=8))}\r\n"
                f"UID:{number}@coordination.example\r\nEND:VEVENT\r\n"
            ).encode()
            for number in range(count)
        ]
        + [b"END:VCALENDAR\r\n"]
    )


def one_member(compressed: bytes) -> bytes:
    """What a client that reads a single gzip member (zlib, wbits=31) gets; it must be all of it."""
    reader = zlib.decompressobj(wbits=31)
    data = reader.decompress(compressed)
    assert reader.eof
    assert reader.unused_data == b""
    return data


def test_the_gzip_copy_decodes_to_the_feed_as_one_gzip_member() -> None:
    for count in (0, 1, 7, 5_000):
        parts = feed_parts(count)
        compressed, _ = compression.gzip_parts(parts)
        assert gzip.decompress(compressed) == b"".join(parts)
        assert one_member(compressed) == b"".join(parts)
        assert len(compressed) < len(b"".join(parts)) / 3 or count < 10, "it does compress"


def test_an_edit_or_an_insertion_recompresses_only_the_blocks_around_it() -> None:
    parts = feed_parts(20_000)
    _, blocks = compression.gzip_parts(parts)
    assert len(blocks) > 20, "a feed this size is cut into many blocks"
    before = compression.GzipCopy.compressed
    edited = list(parts)
    edited[12_345] = b"BEGIN:VEVENT\r\nSUMMARY:Renamed\r\nUID:12344@coordination.example\r\nEND:VEVENT\r\n"
    again, blocks = compression.gzip_parts(edited, previous=blocks)
    assert compression.GzipCopy.compressed - before <= 2
    assert one_member(again) == b"".join(edited)

    before = compression.GzipCopy.compressed
    inserted = [*edited[:5_000], b"BEGIN:VEVENT\r\nSUMMARY:New\r\nUID:new@x\r\nEND:VEVENT\r\n", *edited[5_000:]]
    third, _ = compression.gzip_parts(inserted, previous=blocks)
    assert compression.GzipCopy.compressed - before <= 2
    assert one_member(third) == b"".join(inserted)


def test_the_same_feed_gives_the_same_gzip_bytes_in_every_worker() -> None:
    # The gzip ETag is shared by the workers: their bytes must be the same, whatever their hash seeds.
    code = (
        "import hashlib, sys\n"
        "sys.path.insert(0, '.')\n"
        "from tests.feeds.test_feeds_gzip import feed_parts\n"
        "from coordination.feeds import compression\n"
        "print(hashlib.sha256(compression.gzip_parts(feed_parts(3_000))[0]).hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert len(digests) == 1
    assert digests == {hashlib.sha256(compression.gzip_parts(feed_parts(3_000))[0]).hexdigest()}
