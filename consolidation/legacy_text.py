"""Vietnamese text typed in the legacy TCVN3 (ABC, .VnTime) or VNI encodings, pasted into a
Unicode workbook: detected by characters Vietnamese Unicode never uses, converted to Unicode.

TCVN3 maps each accented letter to one Latin-1 character ("B¶o Th¾ng" → "Bảo Thắng"); VNI writes
a base letter followed by a tone or vowel mark ("Vieät Nam" → "Việt Nam").
"""
from __future__ import annotations

import re

_TCVN3_LOWER = ("µ¸¶·¹" "¨»¾¼½Æ" "©ÇÊÈÉË" "®" "ÌÐÎÏÑ" "ªÒÕÓÔÖ" "×ÝØÜÞ" "ßãáâä" "«åèæçé" "¬êíëìî"
                "ïóñòô" "\xadõøö÷ù" "úýûüþ" "¡¢§£¤¥¦")
_UNICODE_LOWER = ("àáảãạ" "ăằắẳẵặ" "âầấẩẫậ" "đ" "èéẻẽẹ" "êềếểễệ" "ìíỉĩị" "òóỏõọ" "ôồốổỗộ" "ơờớởỡợ"
                  "ùúủũụ" "ưừứửữự" "ỳýỷỹỵ" "ĂÂĐÊÔƠƯ")
TCVN3 = str.maketrans(dict(zip(_TCVN3_LOWER, _UNICODE_LOWER)))
#: Characters only TCVN3 text contains (Vietnamese Unicode never uses them).
_TCVN3_ONLY = set("µ¸¶·¹¨»¾¼½©®ª¬«×ß¡¢§£¤¥¦\xadÆÇËÐÎÏÑÖØÜÞþ")

# VNI: vowel + mark. Marks: ù sắc, ø huyền, û hỏi, õ ngã, ï nặng; â/ê circumflex or breve forms.
_VNI_BASE = {
    "a": "aáàảãạ", "aâ": "âấầẩẫậ", "aê": "ăắằẳẵặ", "e": "eéèẻẽẹ", "eâ": "êếềểễệ", "o": "oóòỏõọ",
    "oâ": "ôốồổỗộ", "ô": "ơớờởỡợ", "u": "uúùủũụ", "ö": "ưứừửữự", "y": "yýỳỷỹỵ",
}
_VNI_TONES = {"ù": 1, "ø": 2, "û": 3, "õ": 4, "ï": 5}
_VNI_CIRC_TONES = {"á": 1, "à": 2, "å": 3, "ã": 4, "ä": 5}     # after â / ê (circumflex, breve)
_VNI_BREVE_TONES = {"é": 1, "è": 2, "ú": 3, "ü": 4, "ë": 5}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, forms in _VNI_BASE.items():
        table[base] = forms[0]
        tones = _VNI_TONES
        if base in ("aâ", "eâ", "oâ"):
            tones = {**_VNI_TONES, **_VNI_CIRC_TONES}
        for mark, n in tones.items():
            table[base + mark] = forms[n]
    for mark, n in _VNI_BREVE_TONES.items():
        table["a" + mark] = _VNI_BASE["aê"][n]
    for mark, n in _VNI_CIRC_TONES.items():
        table["a" + mark] = _VNI_BASE["aâ"][n]
        table["e" + mark] = _VNI_BASE["eâ"][n]
        table["o" + mark] = _VNI_BASE["oâ"][n]
    table.update({"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ"})
    table.update({k.upper(): v.upper() for k, v in list(table.items())})
    return {k: v for k, v in table.items() if k != v}


VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI), key=len, reverse=True)))
#: Sequences Vietnamese Unicode never has: a vowel followed by a VNI tone mark, a, e, o followed by a
#: VNI vowel mark, or the VNI letters ư (ö) and đ (ñ).
_VNI_ONLY = re.compile(r"[aeiouyâêôAEIOUYÂÊÔ][ùøûõïäåëüÙØÛÕÏÄÅËÜ]|[aeoAEO][âêÂÊ]|[öÖñÑ]")
_VIETNAMESE = re.compile("[\u1ea0-\u1ef9ăĂđĐơƠưƯ]")


def detect(text: str) -> str | None:
    """'tcvn3' or 'vni' when ``text`` looks typed in that legacy encoding, else None."""
    if not text or _VIETNAMESE.search(text):
        return None
    if sum(1 for ch in text if ch in _TCVN3_ONLY) >= 2:
        return "tcvn3"
    if _VNI_ONLY.search(text):
        return "vni"
    return None


def to_unicode(text: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return text.translate(TCVN3)
    if encoding == "vni":
        return _VNI_PATTERN.sub(lambda m: VNI[m.group(0)], text)
    return text


def repair(text: str) -> tuple[str, str | None]:
    """The text in Unicode and the legacy encoding it was in (None when it was Unicode already)."""
    found = detect(text)
    return (to_unicode(text, found), found) if found else (text, None)
