"""A small A4 document class for printable packs: Unicode text, headings, tables, images."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go
from fpdf import FPDF
from fpdf.fonts import FontFace

from reports.pdf_text import as_text, latin1

HEADINGS = FontFace(emphasis="BOLD", fill_color=(221, 228, 238))
CELL_LIMIT = 600
"""Characters shown per table cell; a row must fit on one page."""


class PackPdf(FPDF):
    """Landscape A4 with a footer naming the document; draws any text its font can."""

    def __init__(self, footer_text: str, font_path: Path | None) -> None:
        """``font_path``: a DejaVu Sans TTF (``pdf_text.unicode_font_path``), or None for
        Helvetica with Latin-1 text."""
        super().__init__(orientation="L", unit="mm", format="A4")
        self.footer_text = footer_text
        if font_path is not None:
            self.add_font("DejaVu", "", str(font_path))
            self.add_font("DejaVu", "B", str(font_path.with_name("DejaVuSans-Bold.ttf")))
            self.font_name = "DejaVu"
            self._glyphs: set[int] | None = set(self.fonts["dejavu"].cmap)
        else:
            self.font_name = "Helvetica"
            self._glyphs = None
        self.set_auto_page_break(auto=True, margin=15)
        self.alias_nb_pages()

    def text_for(self, value: object) -> str:
        """Text the current font can draw: missing glyphs become "?", never an exception."""
        text = as_text(value)
        if self._glyphs is not None:
            return "".join(c if ord(c) in self._glyphs or c in "\n\t" else "?" for c in text)
        return latin1(text)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.font_name, "", 8)
        self.cell(0, 6, self.text_for(self.footer_text), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="R")

    def heading(self, text: str, size: float = 15, new_page: bool = False) -> None:
        if new_page or self.get_y() > self.h - 45:
            self.add_page()
        self.ln(2)
        self.set_font(self.font_name, "B", size)
        self.multi_cell(0, size * 0.5, self.text_for(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: object, size: float = 10.5) -> None:
        self.set_font(self.font_name, "", size)
        self.multi_cell(0, size * 0.5, self.text_for(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def table(  # type: ignore[override]
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[int],
        cell_limit: int = CELL_LIMIT,
    ) -> None:
        """A table with a shaded header row, or "None." when there are no rows; a cell shows
        at most ``cell_limit`` characters."""
        if not rows:
            self.paragraph("None.")
            return
        self.set_font(self.font_name, "", 8.5)
        with super().table(
            col_widths=tuple(widths),
            text_align="LEFT",
            v_align="TOP",
            line_height=4.2,
            headings_style=HEADINGS,
            padding=1.2,
        ) as table:
            table.row([self.text_for(h) for h in headers])
            for row in rows:
                table.row([self.text_for(_cell(v, cell_limit)) for v in row])
        self.ln(2)

    def figure(self, fig: go.Figure, width_mm: float = 250, scale: float = 2.0) -> None:
        """The figure as a PNG image (kaleido), centred, on a new page if it would not fit."""
        fig_width = fig.layout.width or 1100
        fig_height = fig.layout.height or 500
        png = fig.to_image(format="png", width=fig_width, height=fig_height, scale=scale)
        height_mm = width_mm * fig_height / fig_width
        if self.get_y() + height_mm > self.h - 15:
            self.add_page()
        self.image(io.BytesIO(png), x=(self.w - width_mm) / 2, w=width_mm, h=height_mm)
        self.ln(2)


def _cell(value: object, limit: int) -> str:
    if isinstance(value, float):
        return "" if value != value else f"{value:g}"
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    text = as_text(value)
    return text if len(text) <= limit else text[:limit] + " …"
