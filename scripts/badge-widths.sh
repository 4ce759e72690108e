#!/usr/bin/env bash
# Regenerates src/main/resources/badges/dejavu-sans-11.widths, the text widths badges are laid out with, from the
# DejaVu Sans font (Debian: fonts-dejavu-core). Needs a JDK with java.desktop (any full JDK).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/java.sh"
use_jdk
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
[ -f "$FONT" ] || { apt-get update -qq && apt-get install -y -qq fonts-dejavu-core >/dev/null; }
java -Djava.awt.headless=true "$ROOT/scripts/BadgeWidths.java" "$FONT" "$ROOT/src/main/resources/badges/dejavu-sans-11.widths"
echo "$ROOT/src/main/resources/badges/dejavu-sans-11.widths: $(grep -vc '^#' "$ROOT/src/main/resources/badges/dejavu-sans-11.widths") characters"
