"""Draw the Teams app icons: color.png (192x192) and outline.png (32x32).

Run from the repository root: ``python manifest/make_icons.py``. The PNGs are committed,
so the package build does not need Pillow; re-run this only when the design changes.

The motif is a speech bubble holding three lines of minutes text, i.e. "ask the minutes".
Teams' rules: the color icon is a full-colour square; the outline icon is white on a fully
transparent background (anti-aliased edges are white with partial alpha, never grey).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
# Keep in step with "accentColor" in manifest.template.json.
ACCENT = (0x23, 0x60, 0x7E)
WHITE = (255, 255, 255)
# Draw large and scale down, so that the small icons get smooth edges.
SUPERSAMPLE = 8


def _draw_bubble(draw: ImageDraw.ImageDraw, size: int, *, line_colour: tuple[int, ...], outline: bool) -> None:
    """Draw the bubble motif into a square canvas of ``size`` pixels.

    Args:
        draw: the canvas to draw on.
        size: canvas side in pixels (already supersampled).
        line_colour: colour of the text lines inside the bubble.
        outline: draw the bubble as a stroke (outline icon) instead of filled (color icon).
    """
    unit = size / 32  # the design grid is 32x32
    left, top, right, bottom = 4 * unit, 5 * unit, 28 * unit, 22 * unit
    radius = 4 * unit
    stroke = max(1, round(2 * unit))
    tail = [(9 * unit, bottom - unit), (9 * unit, 28 * unit), (16 * unit, bottom - unit)]
    if outline:
        draw.rounded_rectangle((left, top, right, bottom), radius=radius, outline=WHITE + (255,), width=stroke)
        draw.polygon(tail, fill=WHITE + (255,))
        line_fill: tuple[int, ...] = WHITE + (255,)
    else:
        draw.rounded_rectangle((left, top, right, bottom), radius=radius, fill=WHITE)
        draw.polygon(tail, fill=WHITE)
        line_fill = line_colour
    # Three lines of "minutes", the last one shorter like the end of a paragraph.
    for row, length in ((9.5, 16), (13, 16), (16.5, 10)):
        y = row * unit
        draw.rounded_rectangle((8 * unit, y, (8 + length) * unit, y + 1.6 * unit), radius=0.8 * unit, fill=line_fill)


def draw_color(size: int = 192) -> Image.Image:
    """The full-colour icon: a white bubble on the accent colour, symbol inside the safe area."""
    big = size * SUPERSAMPLE // 4
    canvas = Image.new("RGB", (big, big), ACCENT)
    # Teams crops the color icon to a rounded square; keep the symbol in the middle ~70 %.
    symbol = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    _draw_bubble(ImageDraw.Draw(symbol), big, line_colour=ACCENT + (255,), outline=False)
    inner = round(big * 0.72)
    symbol = symbol.resize((inner, inner), Image.Resampling.LANCZOS)
    offset = (big - inner) // 2
    canvas.paste(symbol, (offset, offset), symbol)
    return canvas.resize((size, size), Image.Resampling.LANCZOS)


def draw_outline(size: int = 32) -> Image.Image:
    """The outline icon: white strokes, transparent everywhere else."""
    big = size * SUPERSAMPLE
    canvas = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    _draw_bubble(ImageDraw.Draw(canvas), big, line_colour=WHITE + (255,), outline=True)
    alpha = canvas.getchannel("A").resize((size, size), Image.Resampling.LANCZOS)
    # Resampling mixes in the transparent black; rebuild the colour as pure white.
    icon = Image.new("RGBA", (size, size), WHITE + (0,))
    icon.putalpha(alpha)
    return icon


def main() -> None:
    """Write color.png and outline.png next to this script."""
    draw_color().save(HERE / "color.png", optimize=True)
    draw_outline().save(HERE / "outline.png", optimize=True)


if __name__ == "__main__":
    main()
