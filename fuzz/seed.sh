#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ with seed inputs from the repository's corpus and
# ../shared (small files only, so the fuzzer's mutations stay fast). The
# corpora grow as the fuzzer runs; they are not committed.
set -euo pipefail
cd "$(dirname "$0")"
root=..
shared=${SHARED:-$root/../shared}
max=${SEED_MAX_BYTES:-200000}
mkdir -p corpus/{pdf,text,docx,docx_xml,html}
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
for t in pdf text docx docx_xml html; do echo "$t: $(ls corpus/$t | wc -l) seeds"; done
