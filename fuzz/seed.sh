#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ with seed inputs from the repository's corpus and
# ../shared (small files only, so the fuzzer's mutations stay fast). The
# corpora grow as the fuzzer runs; they are not committed.
set -euo pipefail
cd "$(dirname "$0")"
root=..
shared=${SHARED:-$root/../shared}
max=${SEED_MAX_BYTES:-200000}
mkdir -p corpus/{pdf,text,docx,docx_xml,html,image}
small() { find "$@" -type f -size -"${max}"c 2>/dev/null || true; }
cp_all() { local t=$1; shift; while read -r f; do cp -n "$f" "corpus/$t/$(sha1sum "$f" | cut -c1-16)" ; done; }
small "$root/corpus" "$shared/corpus" "$root/tests/fixtures/crashes" -iname '*.pdf' | cp_all pdf
# The peers' test PDFs: every file under 20 kB (the odd structures live there).
find "$shared/pdfs/peers" -type f -iname '*.pdf' -size -20000c 2>/dev/null | cp_all pdf
small "$root/corpus" "$shared/corpus" "$root/tests/fixtures/crashes" \( -name '*.txt' -o -name '*.md' \) | cp_all text
small "$root/corpus" "$shared/corpus" "$root/tests/fixtures/crashes" -name '*.docx' | cp_all docx
small "$root/corpus" "$shared/corpus" "$root/tests/fixtures/crashes" \( -name '*.html' -o -name '*.htm' \) | cp_all html
# docx_xml takes the three Word XML parts joined by NUL bytes.
for f in $(small "$root/corpus" "$shared/corpus" -name '*.docx'); do
  out="corpus/docx_xml/$(sha1sum "$f" | cut -c1-16)"
  { unzip -p "$f" word/document.xml; printf '\0'; unzip -p "$f" word/styles.xml 2>/dev/null || true
    printf '\0'; unzip -p "$f" word/numbering.xml 2>/dev/null || true; } > "$out"
done
# image: byte 0 picks an image file (0) or an XObject coding (see the target);
# a ruled page drawn with Pillow as PNG, JPEG, G4 TIFF and a two-page TIFF.
python3 - <<'PY' || echo "no Pillow: image seeds skipped (the fuzzer starts from nothing)"
import io, struct
from PIL import Image, ImageDraw
im = Image.new("L", (160, 120), 255)
d = ImageDraw.Draw(im)
for i in range(4):
    d.line([(10, 10 + 30 * i), (150, 10 + 30 * i)], fill=0)
    d.line([(10 + 46 * i, 10), (10 + 46 * i, 100)], fill=0)
d.text((20, 20), "1.1 Plan", fill=0)
def save(name, data, head=b"\0"):
    open(f"corpus/image/{name}", "wb").write(head + data)
for fmt, kw in [("PNG", {}), ("JPEG", {"quality": 60}), ("TIFF", {"compression": "group4"})]:
    b = io.BytesIO(); (im.convert("1") if kw.get("compression") else im).save(b, fmt, **kw); save(fmt.lower(), b.getvalue())
b = io.BytesIO(); im.save(b, "TIFF", save_all=True, append_images=[im.rotate(90)]); save("tiff2", b.getvalue())
save("raw", im.tobytes(), bytes([1, 3, 0, 0]) + struct.pack("<HH", *im.size))
b = io.BytesIO(); im.save(b, "JPEG"); save("dct", b.getvalue(), bytes([2, 3, 0, 0]) + struct.pack("<HH", *im.size))
PY
for t in pdf text docx docx_xml html image; do echo "$t: $(ls corpus/$t | wc -l) seeds"; done
