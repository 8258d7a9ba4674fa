"""Peak memory while reading a large WARC archive: the archive is streamed, so the peak
stays near the size of one page whatever the archive's size. Usage:
  python benchmarks/bench_warc_memory.py [MEGABYTES]   (default 1024)
Writes a WARC of that size (1 MB binary records, one HTML page every 50) to a temporary
folder, reads every article of it with kg's reader, and prints the archive size, the pages
read and the process's peak resident memory before and after reading."""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def write_warc(path: Path, megabytes: int) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    from webpages import news_page

    blob = os.urandom(1024 * 1024)  # incompressible, so the file really is this large
    pages = 0
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number in range(megabytes):
            if number % 50 == 0:
                body, kind = news_page(headline=f"Story {number}").encode("utf-8"), "text/html"
                pages += 1
            else:
                body, kind = blob, "image/jpeg"
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://example.org/{number}", "response",
                                                          payload=io.BytesIO(body), http_headers=headers))
    return pages


def main() -> None:
    from kg.extract.readers import read_source

    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.warc.gz"
        expected = write_warc(path, megabytes)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        start = time.perf_counter()
        read = sum(1 for item in read_source(path) if not isinstance(item, Exception))
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(json.dumps({"warc_mb": round(path.stat().st_size / 1024 / 1024), "pages": read, "expected": expected,
                          "peak_rss_mb_before_reading": before, "peak_rss_mb_after_reading": after,
                          "seconds": round(seconds, 1)}))


if __name__ == "__main__":
    main()
