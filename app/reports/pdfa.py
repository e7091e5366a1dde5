"""PDF/A-2b for reportlab's open-source engine: XMP metadata, an sRGB output intent, EOL before endstream.

What reportlab 5.1 offers (read in its source): `pdfdoc.XMP`, a metadata stream the catalog accepts as
`Metadata`; the catalog's `Lang`; TrueType fonts always embedded as subsets (symbolic, one (1,0) cmap, no
/Encoding: what ISO 19005-2 §6.2.11.6 asks). What it lacks: an `OutputIntents` catalog entry, an sRGB
ICC profile, and the end-of-line that §6.1.7.1 requires before `endstream` (it writes the data and
`endstream` back to back). This module supplies the three. No validator (veraPDF) can be installed here:
tests check the structure with pypdf and `qpdf --check` (issue 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

SRGB_IDENTIFIER = "sRGB IEC61966-2.1"
PDFA_PART, PDFA_CONFORMANCE = 2, "B"


@dataclass(frozen=True)
class PdfMeta:
    """The document's Info entries, repeated in the XMP packet (they must agree, ISO 19005-2 §6.6.2.3)."""

    title: str
    author: str
    subject: str
    creator: str
    keywords: str = ""
    lang: str = "fr-FR"


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile made by LittleCMS (through Pillow, shipped with matplotlib and reportlab).

    LittleCMS writes version 4.4; PDF 1.7 (ISO 32000-1, the base of PDF/A-2) cites ICC.1:2004-10, i.e.
    4.2. The profile uses no 4.3+ tag type, so the header version is set to 4.2 (the profile ID is zero,
    so no checksum needs updating).
    """
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[8:12] = bytes((4, 0x20, 0, 0))
    return bytes(data)


def _install_endstream_eol() -> None:
    """Make every stream end with an EOL before `endstream` (PDF/A-2 §6.1.7.1). Length is unchanged."""
    original = pdfdoc.PDFStream.format
    if getattr(original, "_maillage_eol", False):
        return

    def format_with_eol(self: pdfdoc.PDFStream, document: Any) -> bytes:
        data: bytes = original(self, document)
        if data.endswith(b"endstream\n") and data[-11:-10] not in (b"\n", b"\r"):
            data = data[:-10] + b"\nendstream\n"
        return data

    format_with_eol._maillage_eol = True  # type: ignore[attr-defined]
    pdfdoc.PDFStream.format = format_with_eol


_install_endstream_eol()


def attach_pdfa(canvas: Canvas, meta: PdfMeta) -> None:
    """Add the XMP packet and the sRGB output intent to the catalog of `canvas`'s document."""
    doc = canvas._doc
    doc._pdfVersion = max(doc._pdfVersion, (1, 7))
    catalog = doc.Catalog
    catalog.Metadata = pdfdoc.XMP(creator=lambda d: xmp_packet(_info_meta(d, meta.lang), d.info.producer,
                                                                _timestamp(d)).encode("utf-8"))
    # No filter: the metadata stream must stay readable without decoding (and no empty /Filter either).
    catalog.Metadata.filters = None
    profile = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 3}), srgb_profile(), [pdfdoc.PDFZCompress])
    intent = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": pdfdoc.PDFString(SRGB_IDENTIFIER),
        "Info": pdfdoc.PDFString(SRGB_IDENTIFIER),
        "RegistryName": pdfdoc.PDFString("http://www.color.org"),
        "DestOutputProfile": doc.Reference(profile)})
    catalog.OutputIntents = pdfdoc.PDFArray([intent])
    # PDFCatalog writes only the keys it lists; these dunder names are not mangled.
    if "OutputIntents" not in catalog.__NoDefault__:
        catalog.__NoDefault__ = [*catalog.__NoDefault__, "OutputIntents"]
        catalog.__Refs__ = catalog.__NoDefault__


def _info_meta(doc: Any, lang: str) -> PdfMeta:
    """Read back what the Info dictionary will hold, so that XMP and Info cannot disagree."""
    info = doc.info
    return PdfMeta(info.title, info.author, info.subject, info.creator, info.keywords, lang)


def _timestamp(doc: Any) -> datetime:
    """The creation time reportlab writes in the Info dictionary, with its UTC offset."""
    stamp = doc._timeStamp
    sign = -1 if stamp.dhh < 0 else 1
    offset = timezone(sign * timedelta(hours=abs(stamp.dhh), minutes=stamp.dmm))
    year, month, day, hour, minute, second = stamp.YMDhms
    return datetime(year, month, day, hour, minute, second, tzinfo=offset)


def xmp_packet(meta: PdfMeta, producer: str, created: datetime) -> str:
    """The XMP packet: PDF/A identification, Dublin Core, XMP basic and PDF schemas."""
    when = created.isoformat(timespec="seconds")
    e = escape
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>{PDFA_PART}</pdfaid:part>
   <pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(meta.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(meta.lang)}</rdf:li></rdf:Bag></dc:language>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>{e(meta.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>{e(producer)}</pdf:Producer>
   <pdf:Keywords>{e(meta.keywords)}</pdf:Keywords>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
