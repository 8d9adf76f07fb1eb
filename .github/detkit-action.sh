#!/usr/bin/env bash
# The shell step of detkit's composite GitHub Action (action.yml at the repository root), kept in a script so
# that it can be run and tested outside GitHub with the environment variables GitHub sets.
#
#   detkit-action.sh audit   detkit audit as SARIF; sets the outputs `sarif` and `exit-code`
#   detkit-action.sh diff    on a pull request: detkit diff --base <the PR base> as markdown into the job
#                            summary and, with GITHUB_TOKEN, into one pull-request comment (updated in place)
#
# Inputs arrive as INPUT_* variables (see action.yml). A detkit exit code of 1 (findings) is recorded in the
# `exit-code` output for the action's last step to act on, after the SARIF upload; 2 (usage or input error)
# fails the step at once.
set -euo pipefail

mode=${1:-}
# Word-split on purpose: the command may be `npx --no-install detkit` or `node path/to/main.js`.
read -r -a detkit <<<"${DETKIT_COMMAND:-npx --no-install detkit}"
cd "${INPUT_WORKING_DIRECTORY:-.}"

# The hidden first line by which the action finds its own comment again.
MARKER='<!-- detkit-diff -->'

output() {
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; fi
}

run_detkit() {
  local status=0
  "${detkit[@]}" "$@" || status=$?
  if [[ $status -ge 2 ]]; then
    echo "::error title=detkit::detkit $1 could not run (exit code $status); see the message above"
    exit "$status"
  fi
  return "$status"
}

case "$mode" in
  audit)
    sarif=${INPUT_SARIF_FILE:-detkit.sarif}
    read -r -a paths <<<"${INPUT_PATHS:-.}"
    status=0
    run_detkit audit "${paths[@]}" --format sarif --output "$sarif" || status=$?
    output sarif "$sarif"
    output exit-code "$status"
    ;;

  diff)
    if [[ "${GITHUB_EVENT_NAME:-}" != "pull_request" && "${GITHUB_EVENT_NAME:-}" != "pull_request_target" ]]; then
      echo "detkit diff: not a pull request (${GITHUB_EVENT_NAME:-no event}); nothing to compare"
      output exit-code 0
      exit 0
    fi
    base=${GITHUB_BASE_REF:?GITHUB_BASE_REF is not set on a pull request event}
    # actions/checkout fetches only the merge commit: bring the base branch's tip in, without tags or history.
    git fetch --quiet --no-tags --depth=1 origin "+refs/heads/${base}:refs/remotes/origin/${base}"
    report=$(mktemp)
    trap 'rm -f "$report"' EXIT
    args=(diff --base "origin/${base}" --format markdown --output "$report")
    if [[ "${INPUT_FETCH:-false}" == "true" ]]; then args+=(--fetch); fi
    status=0
    run_detkit "${args[@]}" || status=$?
    if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then cat "$report" >>"$GITHUB_STEP_SUMMARY"; fi

    if [[ -n "${GITHUB_TOKEN:-}" ]]; then
      number=$(node -e 'const event = require(process.env.GITHUB_EVENT_PATH); process.stdout.write(String(event.pull_request?.number ?? ""))')
      if [[ -z "$number" ]]; then
        echo "::warning title=detkit::no pull request number in ${GITHUB_EVENT_PATH:-the event}; no comment posted"
      else
        body=$(mktemp)
        trap 'rm -f "$report" "$body"' EXIT
        { printf '%s\n' "$MARKER"; cat "$report"; } >"$body"
        existing=$(GH_TOKEN=$GITHUB_TOKEN gh api --paginate "repos/${GITHUB_REPOSITORY}/issues/${number}/comments" \
          --jq ".[] | select(.body | startswith(\"${MARKER}\")) | .id" | head -n 1)
        if [[ -n "$existing" ]]; then
          GH_TOKEN=$GITHUB_TOKEN gh api --method PATCH "repos/${GITHUB_REPOSITORY}/issues/comments/${existing}" -F "body=@${body}" >/dev/null
          echo "detkit diff: updated comment ${existing} on pull request #${number}"
        else
          GH_TOKEN=$GITHUB_TOKEN gh api --method POST "repos/${GITHUB_REPOSITORY}/issues/${number}/comments" -F "body=@${body}" >/dev/null
          echo "detkit diff: commented on pull request #${number}"
        fi
      fi
    fi
    output exit-code "$status"
    ;;

  *)
    echo "usage: detkit-action.sh audit|diff" >&2
    exit 2
    ;;
esac
