"""Danish text for what the YAML and JSON parsers and the operating system report.

The parsers' own words ("mapping values are not allowed here", "Expecting ',' delimiter",
"Unexpected UTF-8 BOM", "No such file or directory") never reach a user: each known message has
a Danish sentence, and an unknown one becomes a plain "ugyldig YAML/JSON" (the line and column
are given beside it by the caller).
"""

from __future__ import annotations

import errno
import re

# (pattern on the parser's problem text, Danish). libyaml's and PyYAML's wordings both appear.
_YAML = (
    (r"exceeded maximum nesting depth", "filen er for dybt indlejret"),
    (r"found character .*cannot start any token",
     "et tegn her kan ikke indlede en værdi (fx tabulator, @ eller ` forrest); sæt teksten i "
     "anførselstegn"),
    (r"mapping values are not allowed",
     "et kolon (:) står, hvor der ikke må stå en nøgle; sæt teksten i anførselstegn eller ret "
     "indrykningen"),
    (r"block sequence entries are not allowed",
     "en listelinje ('- ') står, hvor den ikke må stå; ret indrykningen"),
    (r"mapping keys are not allowed", "en nøgle står, hvor den ikke må stå; ret indrykningen"),
    (r"could not find expected ':'", "der mangler et kolon (:) efter nøglen"),
    (r"did not find expected key|expected <block end>",
     "indrykningen passer ikke med linjerne over (eller der mangler en nøgle)"),
    (r"did not find expected node content|expected the node content",
     "der mangler en værdi"),
    (r"did not find expected ',' or '\]'|expected ',' or '\]'",
     "listen mangler et komma eller en afsluttende ]"),
    (r"did not find expected ',' or '\}'|expected ',' or '\}'",
     "blokken mangler et komma eller en afsluttende }"),
    (r"did not find expected '-' indicator", "der mangler '- ' forrest i en listelinje"),
    (r"did not find expected comment or line break",
     "der står noget efter værdien på samme linje"),
    (r"found unexpected end of stream",
     "filen slutter midt i en værdi (mangler et afsluttende anførselstegn eller en parentes?)"),
    (r"found unexpected document indicator", "'---' eller '...' står midt i en værdi"),
    (r"found unknown escape character|expected escape sequence",
     "ukendt escape-tegn efter \\ i en tekst i dobbelte anførselstegn"),
    (r"invalid Unicode character escape|expected .*hexdecimal",
     "ugyldig \\u- eller \\x-kode i en tekst i anførselstegn"),
    (r"tab character", "tabulatortegn i indrykningen; brug mellemrum"),
    (r"control characters are not allowed|special characters are not allowed|unacceptable character",
     "filen indeholder kontroltegn, som ikke må stå i en YAML-fil"),
    (r"UTF-8|UTF-16|surrogate|invalid Unicode character|input is too long|"
     r"invalid length of a UTF-8", "filen er ikke gyldig UTF-8-tekst"),
    (r"found undefined alias", "henvisningen (*) peger på et anker (&), der ikke findes"),
    (r"found duplicate anchor", "samme anker (&) står to gange"),
    (r"expected a single document|but found another document|expected <document start>|"
     r"did not find expected <document start>",
     "der står mere efter filens indhold ('---' eller et nyt dokument); en fil er ét dokument"),
    (r"unhashable key|found unacceptable key", "en liste eller blok kan ikke være en nøgle"),
    (r"could not determine a constructor|undefined tag handle|tag handle|tag URI|while parsing a tag"
     r"|while scanning a tag",
     "ukendt YAML-type (et mærke med !); skriv værdien uden !-mærke"),
    (r"alphabetic or numeric character", "et anker (&) eller en henvisning (*) skal have et navn"),
    (r"%YAML|%TAG|directive|version number|incompatible YAML document",
     "ugyldig eller ukendt YAML-direktiv (linje med %)"),
    (r"found unexpected ':'", "uventet kolon (:)"),
    (r"indentation indicator|block scalar", "ugyldig blok-tekst (| eller >)"),
    (r"Exceeds the limit .* digits|integer string conversion", "et tal har for mange cifre"),
    (r"out of range|month must be|day is out of range|year .* is out of range",
     "en dato i filen findes ikke (fx 2025-02-30)"),
)


def danish_yaml_problem(exc: BaseException) -> str:
    """Danish text for a YAML error (its `problem`, else its `context` or message)."""
    text = " ".join(str(part) for part in (getattr(exc, "problem", None),
                                           getattr(exc, "context", None)) if part) or str(exc)
    for pattern, danish in _YAML:
        if re.search(pattern, text):
            return f"ugyldig YAML: {danish}"
    return "ugyldig YAML"


_JSON = (
    (r"Unexpected UTF-8 BOM", "filen starter med to byte-order-marks (BOM)"),
    (r"Expecting value", "der mangler en værdi (eller der står tekst uden anførselstegn)"),
    (r"Expecting ',' delimiter", "der mangler et komma"),
    (r"Expecting ':' delimiter", "der mangler et kolon (:) efter nøglen"),
    (r"Expecting property name", "en nøgle skal stå i dobbelte anførselstegn (og intet komma "
                                 "før })"),
    (r"Unterminated string", "en tekst mangler sit afsluttende anførselstegn"),
    (r"Invalid control character", "en tekst indeholder et kontroltegn (fx linjeskift); skriv "
                                   "det som \\n"),
    (r"Invalid \\escape|Invalid \\u", "ugyldigt escape-tegn efter \\"),
    (r"Extra data", "der står mere efter filens indhold"),
    (r"Exceeds the limit .* digits|integer string conversion", "et tal har for mange cifre"),
)


def danish_json_problem(message: str) -> str:
    for pattern, danish in _JSON:
        if re.search(pattern, message):
            return f"ugyldig JSON: {danish}"
    return "ugyldig JSON"


_ERRNO = {
    errno.ENOENT: "filen eller mappen findes ikke",
    errno.EACCES: "ingen adgang (rettigheder)",
    errno.EPERM: "handlingen er ikke tilladt",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.ENOSPC: "disken er fuld",
    errno.EDQUOT: "diskkvoten er opbrugt",
    errno.EISDIR: "stien er en mappe, ikke en fil",
    errno.ENOTDIR: "en del af stien er ikke en mappe",
    errno.EFBIG: "filen er for stor",
    errno.ENAMETOOLONG: "stien er for lang",
    errno.ELOOP: "for mange symbolske links",
    errno.EMFILE: "for mange åbne filer",
    errno.EIO: "læse- eller skrivefejl på disken",
    errno.ENXIO: "enheden findes ikke",
    errno.ETXTBSY: "filen er i brug",
    errno.EEXIST: "findes allerede",
    errno.EBUSY: "filen er i brug",
}


def danish_os_error(exc: OSError) -> str:
    """'disken er fuld' for ENOSPC etc.; never the C library's English strerror."""
    reason = _ERRNO.get(exc.errno or 0, f"systemfejl nr. {exc.errno}" if exc.errno else "systemfejl")
    return reason


def os_error_text(exc: OSError) -> str:
    """'<file>: <Danish reason>' for a message line."""
    name = exc.filename if exc.filename is not None else ""
    return f"{name}: {danish_os_error(exc)}" if name else danish_os_error(exc)
