"""Every relative link in the README and docs/ points to a file that exists, and to a heading in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# Pages written on other branches at the same time as this test. A link to one of them is checked
# only once the page exists; remove each name from this set when its page has landed.
PENDING_PAGES: set[str] = set()

# [text](target), but not ![image](…) alt text's own brackets; targets have no spaces.
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")


def _prose(text: str) -> str:
    """Return the text without code blocks and inline code, where brackets are not links."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def _anchor(heading: str) -> str:
    """Return the anchor GitHub makes for a heading: lower case, punctuation dropped, spaces to -."""
    words = heading.strip().lower().replace("`", "")
    words = re.sub(r"[^\w\- ]", "", words)
    return words.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    """Return every heading anchor of a page, numbered as GitHub numbers repeated headings."""
    seen: dict[str, int] = {}
    anchors = set()
    for line in FENCE.sub("", page.read_text(encoding="utf-8")).splitlines():
        match = re.match(r"#{1,6} (.+)", line)
        if not match:
            continue
        anchor = _anchor(match.group(1))
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        anchors.add(anchor if count == 0 else f"{anchor}-{count}")
    return anchors


def _links() -> list[tuple[Path, str]]:
    """Return every relative link of the README and docs/, with the page it is on."""
    found = []
    for page in PAGES:
        for target in LINK.findall(_prose(page.read_text(encoding="utf-8"))):
            if not re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: are not ours
                found.append((page, target))
    return found


def test_the_docs_folder_has_pages() -> None:
    """The docs/ folder exists with pages, so the link check below has something to check."""
    assert len(PAGES) > 1
    assert _links()


@pytest.mark.parametrize(
    ("page", "target"), _links(), ids=lambda value: value.name if isinstance(value, Path) else value
)
def test_relative_link_points_to_an_existing_file_and_heading(page: Path, target: str) -> None:
    """A relative link names a file that exists, and a heading that file has when it names one."""
    path_part, _, anchor = target.partition("#")
    linked = (page.parent / path_part).resolve() if path_part else page
    if not linked.exists() and linked.name in PENDING_PAGES and linked.parent == ROOT / "docs":
        pytest.skip(f"{linked.name} is written on another branch and has not landed yet")
    assert linked.exists(), f"{page.name}: {target}: no such file"
    if anchor:
        assert anchor in _anchors(linked), f"{page.name}: {target}: no such heading"


def test_anchor_follows_githubs_rule() -> None:
    """Headings with code, colons and capitals become the anchors GitHub gives them."""
    assert _anchor("Remove claims or a document: `facts remove`") == (
        "remove-claims-or-a-document-facts-remove"
    )
    assert _anchor("Which store: `facts init` and `facts store`") == "which-store-facts-init-and-facts-store"
    assert _anchor("Benchmark: a million claims") == "benchmark-a-million-claims"
