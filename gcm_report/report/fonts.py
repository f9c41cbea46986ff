"""The typefaces of each report language, as files every renderer can use.

Latin-script reports (English, French, Spanish) are set in Lato; Lato has no Cyrillic or
Arabic, so Russian reports are set in Noto Sans and Arabic ones in IBM Plex Sans Arabic (with
Noto Sans for any Latin or Cyrillic word it lacks). All are SIL Open Font License fonts from
Python packages, so no output depends on the machine's fonts.

Not Noto Sans Arabic: it draws a letter's dots as glyphs of their own, each mapped back to the
letter, so a PDF's text read back (by a screen reader, a search, a copy) doubles letters
("اللجج نن ةة"); IBM Plex Sans Arabic draws each letter whole and reads back as written.

The Noto Sans package ships variable fonts. typst and the chart renderer pick a variable font's
default instance only (a bold heading would come out regular), so the static instances the
reports need are cut from them once, with fontTools, and cached.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gcm_report.fsutil import cache_dir
from gcm_report.report.i18n import current

__all__ = ["FontFace", "Typeface", "face_file", "font_dirs", "font_face_css", "typeface"]


@dataclass(frozen=True)
class FontFace:
    """One static font file: its family, weight and style."""

    family: str
    weight: int
    style: str  # "normal" or "italic"
    path: Path


@dataclass(frozen=True)
class Typeface:
    """The fonts a language's reports use: the families in fallback order, and their faces."""

    families: tuple[str, ...]
    faces: tuple[FontFace, ...]

    @property
    def css_stack(self) -> str:
        """Return the CSS ``font-family`` value (quoted families, then the generic one)."""
        return ", ".join([*(f"'{f}'" for f in self.families), "sans-serif"])


# Which script each report language is written in (ISO 15924).
_SCRIPTS = {"en": "Latn", "fr": "Latn", "es": "Latn", "ru": "Cyrl", "ar": "Arab"}
_FAMILIES = {
    "Latn": ("Lato",),
    "Cyrl": ("Noto Sans",),
    "Arab": ("IBM Plex Sans Arabic", "Noto Sans"),
}
# The weights and styles the reports set text in: body, bold headings, italic notes.
_STATIC = ((400, "normal"), (700, "normal"), (400, "italic"))


def _lato() -> tuple[FontFace, ...]:
    import font_lato

    files = Path(font_lato.__file__).parent / "files"
    names = {(400, "normal"): "Regular", (700, "normal"): "Bold", (400, "italic"): "Italic"}
    return tuple(FontFace("Lato", w, s, files / f"Lato-{names[(w, s)]}.ttf") for w, s in _STATIC)


def _plex_arabic() -> tuple[FontFace, ...]:
    import fontpkg_ibm_plex_sans_arabic as plex

    files = Path(plex.__file__ or "").parent / "files"
    # Arabic has no italic; browsers and typst slant nothing rather than fail.
    names = {400: "Regular", 700: "Bold"}
    return tuple(
        FontFace("IBM Plex Sans Arabic", w, "normal", files / f"IBMPlexSansArabic-{names[w]}.ttf")
        for w in names
    )


def _instance(variable: Path, family: str, weight: int, style: str) -> FontFace:
    """Cut (once) and return the static instance of a variable font at ``weight``."""
    from fontTools import version as fonttools_version

    digest = hashlib.sha256(variable.read_bytes()).hexdigest()[:12]
    name = f"{family.replace(' ', '')}-{weight}{'i' if style == 'italic' else ''}"
    target = cache_dir() / "fonts" / f"{name}-{digest}-ft{fonttools_version}.ttf"
    if not target.exists():
        from fontTools.ttLib import TTFont
        from fontTools.varLib.instancer import instantiateVariableFont

        font = TTFont(variable)
        axes = {a.axisTag for a in font["fvar"].axes}
        location = {"wght": weight} | ({"wdth": 100} if "wdth" in axes else {})
        static = instantiateVariableFont(font, location, updateFontNames=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside, then renamed: parallel builds may cut the same instance at once.
        part = target.with_suffix(f".{os.getpid()}.part")
        static.save(part)
        part.replace(target)
    return FontFace(family, weight, style, target)


def _noto(package: str, family: str, stem: str, italic: str | None) -> tuple[FontFace, ...]:
    import importlib

    files = Path(importlib.import_module(package).__file__ or "").parent / "files"
    faces = []
    for weight, style in _STATIC:
        if style == "italic" and italic is None:
            continue  # Arabic has no italic; browsers and typst slant nothing rather than fail
        source = files / (italic if style == "italic" and italic else stem)
        faces.append(_instance(source, family, weight, style))
    return tuple(faces)


@cache
def _faces(family: str) -> tuple[FontFace, ...]:
    if family == "Lato":
        return _lato()
    if family == "Noto Sans":
        return _noto(
            "fontpkg_noto_sans", family, "NotoSans[wdth,wght].ttf", "NotoSans-Italic[wdth,wght].ttf"
        )
    if family == "IBM Plex Sans Arabic":
        return _plex_arabic()
    raise KeyError(family)


def typeface(language: str | None = None) -> Typeface:
    """Return the typeface of a report language (the current one by default)."""
    code = language or current().code
    families = _FAMILIES[_SCRIPTS[code]]
    return Typeface(families, tuple(face for f in families for face in _faces(f)))


def face_file(family: str, weight: int = 400, style: str = "normal") -> Path:
    """Return the file of a family's face, the nearest weight and style it has."""
    faces = _faces(family)
    exact = [f for f in faces if f.style == style] or list(faces)
    return min(exact, key=lambda f: abs(f.weight - weight)).path


def font_dirs() -> list[Path]:
    """Return the folders holding every report font, for typst and the chart renderer."""
    dirs: list[Path] = []
    for family in dict.fromkeys(f for fams in _FAMILIES.values() for f in fams):
        for face in _faces(family):
            if face.path.parent not in dirs:
                dirs.append(face.path.parent)
    return dirs


def _subset(path: Path, text: str) -> bytes:
    """Return the font reduced to the characters of ``text`` (plus digits and punctuation)."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]  # Arabic joining forms and ligatures live in these
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    keep = set(text) | set("0123456789.,;:!?%()[]-–—+−/×•·'’\"“”«» \u00a0\u202f")
    subsetter.populate(text="".join(sorted(keep)))
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def font_face_css(language: str | None = None, text: str | None = None) -> str:
    """Return ``@font-face`` rules embedding a language's fonts as base64.

    With ``text`` (the page's characters), Noto fonts are reduced to the glyphs it uses:
    whole, they would add megabytes to every page. Lato is small and embedded whole.
    """
    rules = []
    for face in typeface(language).faces:
        if text is not None and face.family != "Lato":
            data = _subset(face.path, text)
        else:
            data = face.path.read_bytes()
        encoded = base64.b64encode(data).decode()
        rules.append(
            f"@font-face{{font-family:'{face.family}';font-weight:{face.weight};"
            f"font-style:{face.style};src:url(data:font/ttf;base64,{encoded}) "
            "format('truetype');}"
        )
    return "\n".join(rules)
