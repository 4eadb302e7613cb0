"""Make the bundled PDF font: Noto Serif SC (SIL OFL 1.1) cut down to the GB2312 character set.

The bulletins' PDF is rendered here (WeasyPrint) and must not depend on a system font, so a free
CJK serif is shipped with the project. The full font is about 15 MB; the bulletins only need
GB2312 (levels 1 and 2 hanzi, its symbols, CJK punctuation and full-width forms) plus ASCII,
which keeps the file a few MB. Reproduce with:

    cd /tmp && npm pack @expo-google-fonts/noto-serif-sc && tar xzf expo-google-fonts-noto-serif-sc-*.tgz
    .venv/bin/python scripts/subset_font.py /tmp/package/400Regular/NotoSerifSC_400Regular.ttf

It writes static/fonts/NotoSerifSC-Regular-GB2312.ttf (the licence text is OFL.txt beside it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

OUT = Path(__file__).resolve().parent.parent / "static" / "fonts" / "NotoSerifSC-Regular-GB2312.ttf"


def gb2312_characters() -> set[str]:
    """Every character GB2312 encodes (rows 1–9 symbols, 16–55 level 1, 56–87 level 2), with ASCII."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    chars.update("—–·•…“”‘’、。，；：？！（）《》〈〉【】「」『』〔〕％＋－×÷≥≤↑↓")
    chars.update(chr(c) for c in range(0x3000, 0x3040))  # CJK symbols and punctuation
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width forms
    return chars


def main(source: str) -> None:
    options = subset.Options()
    # No OpenType layout tables: hanzi need none, and WeasyPrint re-subsets the font for every PDF,
    # where decompiling GSUB/GPOS of a CJK font cost most of the time (measured: 3 s of 5 s).
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "STAT", "vhea", "vmtx", "VORG"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # print and screen at the sizes used look the same; saves ~20 %
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(gb2312_characters())))
    subsetter.subset(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(OUT), options)
    print(f"{OUT}: {OUT.stat().st_size / 1e6:.1f} MB, {len(font.getGlyphOrder())} glyphs")


if __name__ == "__main__":
    main(sys.argv[1])
