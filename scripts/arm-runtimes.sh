# Sourced by scripts/build-image.sh --multiarch: Java runtimes for linux/arm64 (Java 25) and linux/arm/v7
# (Java 21: Debian's armhf 25 is interpreter-only), cross-linked on this amd64 host from Debian trixie's jmods,
# and the .debs of their glibc base. Uses a private apt configuration under $WORK: the host's apt is untouched.
arm_runtimes() { # work-dir modules
  local work=$1 modules=$2 apt=$1/apt debs=$1/debs
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$debs/arm64" "$debs/armhf" "$debs/jdk"
  echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main' >"$apt/sources.list"
  touch "$apt/status"
  cat >"$apt/apt.conf" <<CONF
Dir::State "$apt"; Dir::State::Lists "$apt/lists"; Dir::State::status "$apt/status"; Dir::Cache "$apt/cache";
Dir::Etc::SourceList "$apt/sources.list"; Dir::Etc::SourceParts "$apt/parts";
APT::Architectures { "amd64"; "arm64"; "armhf"; }; APT::Architecture "amd64";
CONF
  command -v aarch64-linux-gnu-strip >/dev/null && command -v arm-linux-gnueabihf-strip >/dev/null \
    || apt-get install -y -qq --no-install-recommends binutils-aarch64-linux-gnu binutils-arm-linux-gnueabihf >/dev/null
  APT_CONFIG=$apt/apt.conf apt-get update -qq
  for arch in arm64 armhf; do
    (cd "$debs/$arch" && ls libc6_*.deb >/dev/null 2>&1 \
      || APT_CONFIG=$apt/apt.conf apt-get download -q "libc6:$arch" "libgcc-s1:$arch" "libstdc++6:$arch" "zlib1g:$arch" >/dev/null 2>&1)
  done
  (cd "$debs/jdk" && ls openjdk-25-jdk-headless_*arm64.deb >/dev/null 2>&1 \
    || APT_CONFIG=$apt/apt.conf apt-get download -q openjdk-25-jdk-headless:arm64 openjdk-25-jre-headless:arm64 \
         openjdk-21-jdk-headless:armhf openjdk-21-jre-headless:armhf openjdk-21-jdk-headless:amd64 \
         openjdk-21-jre-headless:amd64 libc6:amd64 >/dev/null 2>&1)
  local x=$debs/jdk/x
  rm -rf "$x" && mkdir -p "$x"
  for deb in "$debs"/jdk/*.deb; do dpkg-deb -x "$deb" "$x"; done

  # arm64: Temurin's jlink (25) reads Debian's 25 jmods: only the feature version has to match
  rm -rf "$work/jre-arm64"
  jlink --module-path "$x/usr/lib/jvm/java-25-openjdk-arm64/jmods" --add-modules "$modules" --strip-java-debug-attributes \
    --exclude-files='**.debuginfo' --no-man-pages --no-header-files --compress=zip-0 --output "$work/jre-arm64"
  find "$work/jre-arm64" -name '*.so' -exec aarch64-linux-gnu-strip --strip-unneeded {} +

  # arm/v7: needs a jlink 21. Trixie's amd64 JDK 21 wants a newer glibc than bookworm's, so it runs under
  # trixie's own loader; its configuration links into /etc are replaced by the files from the .deb.
  local j21=$x/usr/lib/jvm/java-21-openjdk-amd64 lib=$x/usr/lib/x86_64-linux-gnu link
  find "$j21/conf" "$j21/lib" -type l | while read -r link; do
    case "$(readlink "$link")" in /etc/*) target="$x$(readlink "$link")"; rm "$link"; [ -e "$target" ] && cp "$target" "$link";; esac
  done
  rm -rf "$work/jre-armhf"
  "$lib/ld-linux-x86-64.so.2" --library-path "$lib" "$j21/bin/jlink" -J-Djdk.lang.Process.launchMechanism=VFORK \
    --module-path "$x/usr/lib/jvm/java-21-openjdk-armhf/jmods" --add-modules "$modules" --strip-java-debug-attributes \
    --exclude-files='**.debuginfo' --no-man-pages --no-header-files --compress=zip-0 --output "$work/jre-armhf"
  find "$work/jre-armhf" -name '*.so' -exec arm-linux-gnueabihf-strip --strip-unneeded {} +
  find "$work/jre-arm64" "$work/jre-armhf" -exec touch -h -d "@$EPOCH" {} +
}
