#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then the installed binary scans a fixture; then CPack builds the .deb
# and its contents and control fields are checked (dpkg-deb). Run by ctest as install_and_deb:
#   tests/install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install_test: $*" >&2; exit 1; }

prefix="$tmp/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/edgescan share/man/man1/edgescan.1 share/edgescan/rules/http/requests.json share/edgescan/rules/README.md \
         share/doc/edgescan/README.md; do
  [ -e "$prefix/$f" ] || fail "cmake --install did not install $f"
done
[ -x "$prefix/bin/edgescan" ] || fail "installed edgescan is not executable"

# The installed binary is the whole product: version line, and a fixture scanned exactly as the build's binary does.
version=$("$prefix/bin/edgescan" --version)
[[ $version =~ ^edgescan\ [0-9]+\.[0-9]+\.[0-9]+\ \(tree-sitter-python\ [0-9.]+,\ rules\ [0-9a-f]+\)$ ]] ||
  fail "unexpected --version: $version"
(cd "$src" && "$prefix/bin/edgescan" scan fixtures/django-shop --no-timing) > "$tmp/scan.json"
cmp -s "$tmp/scan.json" "$src/fixtures/django-shop/expected.json" ||
  fail "installed binary's scan of fixtures/django-shop differs from expected.json"
# The man page is well-formed roff with the sections a reader looks for.
for section in NAME SYNOPSIS OPTIONS CONFIGURATION "EXIT STATUS"; do
  grep -q "^\.SH \"\?$section" "$prefix/share/man/man1/edgescan.1" || fail "man page has no $section section"
done

# The .deb: built by CPack from the same install rules.
mkdir "$tmp/pkg"
(cd "$tmp/pkg" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) ||
  { cat "$tmp/cpack.log" >&2; fail "cpack -G DEB failed"; }
deb=$(ls "$tmp"/pkg/edgescan_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "cpack made no edgescan_*.deb"
dpkg-deb -c "$deb" > "$tmp/contents"
for f in ./usr/bin/edgescan ./usr/share/man/man1/edgescan.1 ./usr/share/edgescan/rules/http/requests.json \
         ./usr/share/doc/edgescan/README.md; do
  grep -q " $f\$" "$tmp/contents" || fail ".deb does not hold $f"
done
[ "$(dpkg-deb -f "$deb" Package)" = edgescan ] || fail ".deb Package is not edgescan"
depends=$(dpkg-deb -f "$deb" Depends)
[[ $depends == *libtree-sitter* && $depends == *libre2* ]] || fail ".deb Depends lacks tree-sitter or RE2: $depends"
echo "install_test: installed and packaged $(basename "$deb") ($(grep -c . "$tmp/contents") entries)"
