"""Fill empty msgstr entries of a .po file from a JSON dictionary {msgid: msgstr | [singular, plural]}.

Usage: python tools/po_fill.py [--list] cchc/locale/en/LC_MESSAGES/django.po tools/translations/*.json
Only empty translations are filled; existing ones are kept. Prints what is still missing.
"""

import json
import re
import sys
from pathlib import Path


def unquote(lines: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', lines)
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), "".join(parts))


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def lookup(table: dict, msgid: str):
    """The translation of ``msgid``. A template string with a literal "%" is extracted as a
    python-format msgid with "%%": the table may spell it either way; the value gets "%%" back
    (a "%" not starting a named placeholder), or msgfmt refuses the catalogue."""
    if msgid in table or "%%" not in msgid:
        return table.get(msgid)
    value = table.get(msgid.replace("%%", "%"))
    if value is None:
        return None
    if isinstance(value, list):
        return [_double_percent(v) for v in value]
    return _double_percent(value)


def _double_percent(text: str) -> str:
    return re.sub(r"%(?!\()", "%%", text)


def main(po_path: str, *json_paths: str) -> None:
    table = {}
    for json_path in json_paths:
        table.update(json.loads(Path(json_path).read_text(encoding="utf-8")))
    blocks = Path(po_path).read_text(encoding="utf-8").split("\n\n")
    missing = []
    for i, block in enumerate(blocks):
        m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not m or m.group(1).strip() == '""':
            continue
        msgid = unquote(m.group(1))
        if "#, fuzzy" in block:
            # A fuzzy guess by msgmerge is never trusted: drop it and fill from the table.
            block = re.sub(r"^#\| .*\n", "", block, flags=re.M).replace("#, fuzzy\n", "")
            block = block.replace("#, fuzzy, ", "#, ")
            block = re.sub(
                r'^(msgstr(?:\[\d\])?) (?:".*"\n?)+', lambda mm: mm.group(1) + ' ""\n', block, flags=re.M
            )
            block = block.rstrip("\n")
            blocks[i] = block
        plural = re.search(r"^msgid_plural ", block, re.M)
        if plural:
            if re.search(r'^msgstr\[0\] ""\s*$', block, re.M) and 'msgstr[0] ""\n"' not in block:
                value = lookup(table, msgid)
                if not value:
                    missing.append(msgid)
                    continue
                one, many = value if isinstance(value, list) else (value, value)
                block = re.sub(r'^msgstr\[0\] ""$', "msgstr[0] " + quote(one), block, flags=re.M)
                block = re.sub(r'^msgstr\[1\] ""$', "msgstr[1] " + quote(many), block, flags=re.M)
        else:
            sm = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
            if sm and unquote(sm.group(1)) == "":
                value = lookup(table, msgid)
                if not value:
                    missing.append(msgid)
                    continue
                block = block[: sm.start()] + "msgstr " + quote(value) + block[sm.end() :].lstrip("\n")
        blocks[i] = block
    Path(po_path).write_text("\n\n".join(blocks), encoding="utf-8")
    print(f"{len(missing)} untranslated (staff screens stay Vietnamese; --list shows them)")
    if LIST:
        for msgid in missing:
            print("  ", msgid)


LIST = "--list" in sys.argv
if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--list"]
    main(args[0], *args[1:])
