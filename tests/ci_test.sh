#!/usr/bin/env bash
# The CI integrations, run for real against fixture repositories in temporary git checkouts (ctest: ci_scripts):
#   tools/ci/pr-edges         the GitHub Action's logic (action.yml): base/head scans, diff, comment, SARIF
#   tools/ci/pre-commit-edges the .pre-commit-hooks.yaml hook
#   tools/ci/nightly-edges    the nightly many-checkouts job (README)
#   tests/ci_test.sh EDGESCAN_BINARY SOURCE_DIR
set -euo pipefail
export EDGESCAN=$1
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "ci_test: $*" >&2; exit 1; }
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.invalid GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.invalid
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp/home"
mkdir -p "$HOME"
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# A repository whose base is fixtures/django-shop and whose head adds a call without timeout to a hardcoded URL.
repo="$tmp/shop"
cp -r "$src/fixtures/django-shop" "$repo"
rm -f "$repo/expected.json"
git -C "$repo" init -q -b main
git -C "$repo" add -A && git -C "$repo" commit -qm base
mkdir -p "$repo/newsfeed"
touch "$repo/newsfeed/__init__.py"
printf 'import requests\n\n\ndef pull_items():\n    return requests.get("https://feeds.partner-news.com/v1/items").json()\n' \
  > "$repo/newsfeed/client.py"
git -C "$repo" add -A && git -C "$repo" commit -qm "head: a feed client"

# --- the action's logic ---
out="$tmp/out"
line=$("$src/tools/ci/pr-edges" --repo "$repo" --base HEAD~1 --out "$out")
[ "$line" = "new_brittle=3" ] || fail "pr-edges printed '$line', expected new_brittle=3 (hardcoded_url edge and call, no_timeout)"
for f in base.json head.json diff.json comment.md new-findings.sarif new-brittle; do [ -s "$out/$f" ] || fail "no $f"; done
[ "$(json "$out/base.json" 'd["repo"]["service"]')" = shop ] || fail "base service is not the repository's name"
[ "$(json "$out/head.json" 'd["repo"]["service"]')" = shop ] || fail "head service is not the repository's name"
[ "$(json "$out/diff.json" 'len(d["added"])')" -ge 2 ] || fail "diff.json lists no added edges"
[ "$(json "$out/new-findings.sarif" 'len(d["runs"][0]["results"])')" = 2 ] || fail "SARIF does not hold the 2 new findings (a hardcoded URL once, at its literal)"
json "$out/new-findings.sarif" 'sorted(r["ruleId"] for r in d["runs"][0]["results"])' | grep -q "'hardcoded_url', 'no_timeout'" ||
  fail "SARIF rule ids are not hardcoded_url and no_timeout"
grep -q "3 new brittle linkages" "$out/comment.md" || fail "comment.md does not announce the new brittle linkages"
grep -q "newsfeed/client.py:5" "$out/comment.md" || fail "comment.md does not point at the new call"
[ -z "$(git -C "$repo" status --porcelain)" ] || fail "pr-edges left changes in the repository"
[ "$(git -C "$repo" worktree list | wc -l)" = 1 ] || fail "pr-edges left a worktree behind"
line=$("$src/tools/ci/pr-edges" --repo "$repo" --base HEAD --service shop-svc --out "$tmp/same")
[ "$line" = "new_brittle=0" ] || fail "same base and head: '$line'"
[ "$(json "$tmp/same/head.json" 'd["repo"]["service"]')" = shop-svc ] || fail "--service is not passed to the scans"
if "$src/tools/ci/pr-edges" --repo "$repo" --base no-such-rev --out "$tmp/bad" 2>/dev/null; then fail "unknown base accepted"; fi
grep -q 'tools/ci/pr-edges' "$src/action.yml" || fail "action.yml does not run tools/ci/pr-edges"
grep -q 'upload-sarif' "$src/action.yml" || fail "action.yml does not upload SARIF"
if python3 -c 'import yaml' 2>/dev/null; then
  python3 -c 'import sys, yaml; a = yaml.safe_load(open(sys.argv[1])); assert a["runs"]["using"] == "composite", a' \
    "$src/action.yml" || fail "action.yml is not a composite action"
  python3 -c 'import sys, yaml; h = yaml.safe_load(open(sys.argv[1])); assert h[0]["id"] == "edgescan"' \
    "$src/.pre-commit-hooks.yaml" || fail ".pre-commit-hooks.yaml has no edgescan hook"
fi

# --- the pre-commit hook ---
entry=$(sed -n 's/^ *entry: *//p' "$src/.pre-commit-hooks.yaml")
[ -x "$src/$entry" ] || fail ".pre-commit-hooks.yaml entry '$entry' is not an executable script"
(cd "$repo" && "$src/$entry") > "$tmp/hook.out" 2>&1 || fail "hook failed on a clean tree: $(cat "$tmp/hook.out")"
printf 'import requests\n\n\ndef ping():\n    requests.post("https://status.partner-news.com/ping", timeout=5, verify=False)\n' \
  > "$repo/newsfeed/status.py"
set +e
(cd "$repo" && "$src/$entry") > "$tmp/hook.out" 2>&1
rc=$?
set -e
[ $rc = 1 ] || fail "hook exit $rc on a new brittle linkage, expected 1: $(cat "$tmp/hook.out")"
grep -q "tls_verify_off" "$tmp/hook.out" || fail "hook output does not name tls_verify_off: $(cat "$tmp/hook.out")"
grep -q "newsfeed/status.py:5" "$tmp/hook.out" || fail "hook output does not point at the call: $(cat "$tmp/hook.out")"
rm "$repo/newsfeed/status.py"
(cd "$repo" && "$src/$entry") >/dev/null 2>&1 || fail "hook still fails after the change is reverted"
[ "$(git -C "$repo" worktree list | wc -l)" = 1 ] || fail "the hook left a worktree behind"

# --- the nightly job: one document per service, byte-identical to the fixtures' expectations ---
(cd "$src" && tools/ci/nightly-edges "$tmp/nightly" fixtures/issue-11-config fixtures/django-shop -- --no-timing) \
  2>"$tmp/nightly.err" || fail "nightly-edges failed: $(cat "$tmp/nightly.err")"
cmp -s "$tmp/nightly/billing.json" "$src/fixtures/issue-11-config/expected.json" ||
  fail "nightly billing.json (service from .edgescan.json) differs from the fixture's expected.json"
cmp -s "$tmp/nightly/django-shop.json" "$src/fixtures/django-shop/expected.json" ||
  fail "nightly django-shop.json differs from the fixture's expected.json"
[ "$(wc -l < "$tmp/nightly/index.tsv")" = 3 ] || fail "index.tsv does not list two services"
set +e
(cd "$src" && tools/ci/nightly-edges "$tmp/nightly2" fixtures/django-shop /nonexistent/checkout) 2>/dev/null
rc=$?
set -e
[ $rc = 1 ] || fail "nightly-edges with a missing checkout exited $rc, expected 1"
[ -s "$tmp/nightly2/django-shop.json" ] || fail "one failing checkout stopped the others"
echo "ci_test: pr-edges, pre-commit hook and nightly job behave"
