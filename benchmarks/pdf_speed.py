"""Pages a second the PDF reader turns into text, on a 100-page text PDF, beside poppler's pdftotext.

Run: python benchmarks/pdf_speed.py [PAGES]  (pdftotext is timed when it is on PATH)
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from facts.ingest.readers import pdf

ROOT = Path(__file__).resolve().parents[1]
LINE = "The ferry will stay in dock until the storm has passed, the harbour master said on Monday."


def _pdf_writer() -> Callable[..., bytes]:
    spec = importlib.util.spec_from_file_location("pdfs", ROOT / "tests" / "ingest" / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    writer: Callable[..., bytes] = module.pdf_bytes
    return writer


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    write = _pdf_writer()
    data = write([[f"{n}. {LINE}" for n in range(45)] for _ in range(pages)])
    best = min(_timed(lambda: pdf.read(data, "bench.pdf", "bench.pdf")) for _ in range(3))
    print(f"facts (pypdfium2): {pages / best:8.0f} pages/s ({best * 1000:.0f} ms for {pages} pages)")
    tool = shutil.which("pdftotext")
    if tool is None:
        print("pdftotext (poppler) is not installed: no ratio")
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.pdf"
        path.write_bytes(data)
        other = min(
            _timed(lambda: subprocess.run([tool, str(path), "-"], capture_output=True, check=True))
            for _ in range(3)
        )
    print(f"pdftotext:         {pages / other:8.0f} pages/s; facts takes {best / other:.2f}x its time")


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
