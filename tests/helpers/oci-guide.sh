# shellcheck shell=bash
# Reading the guides (docs/*.md) for tests/guides.bats, so the tests run the
# guides' own text: fenced blocks whose info string has a `test:NAME` word
# (```sh test:NAME), and the command tables of docs/migration.md.

# guide_block FILE NAME: print the body of the one block tagged test:NAME.
# Fails (with a message) unless exactly one block has that tag.
guide_block() {
	guide_block_tag "$1" "test:$2"
}

# guide_block_tag FILE TAG: the same for any tag (engine:NAME for the engine
# tests): the body of the one block whose info string has the word TAG.
guide_block_tag() {
	local file=$1 want=$2
	awk -v want="$want" '
		/^```/ && !inside {
			inside = 1; take = 0
			n = split(substr($0, 4), w, /[ \t]+/)
			for (i = 1; i <= n; i++) if (w[i] == want) { take = 1; found++ }
			next
		}
		/^```/ && inside { inside = 0; take = 0; next }
		take { print }
		END { exit found == 1 ? 0 : 1 }' "$file" ||
		{ echo "guide_block: no single block tagged $want in $file" >&2; return 1; }
}

# guide_names FILE...: every test:NAME tag, one per line, as FILE NAME.
guide_names() {
	guide_tags test "$@"
}

# guide_tags KIND FILE...: every KIND:NAME tag, one per line, as FILE NAME.
guide_tags() {
	local kind=$1
	shift
	awk -v kind="$kind:" '/^```/ && !inside { inside = 1
			n = split(substr($0, 4), w, /[ \t]+/)
			for (i = 1; i <= n; i++) if (index(w[i], kind) == 1) print FILENAME, substr(w[i], length(kind) + 1)
			next }
		/^```/ && inside { inside = 0 }' "$@"
}

# guide_table_cell FILE KEY: in a Markdown table whose first cell is the code
# span `KEY`, print the first code span of the second cell. Fails unless one
# row matches.
guide_table_cell() {
	local file=$1 key=$2
	awk -F'|' -v key="\`$key\`" '
		function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
		/^\|/ && trim($2) == key {
			cell = $3
			if (match(cell, /`[^`]+`/)) { print substr(cell, RSTART + 1, RLENGTH - 2); found++ }
		}
		END { exit found == 1 ? 0 : 1 }' "$file" ||
		{ echo "guide_table_cell: no single row \`$key\` in $file" >&2; return 1; }
}

# guide_words TEMPLATE ARG...: split a table command (no quotes in it) into
# words and put ARG... where the word CMD stands; the result is in WORDS.
guide_words() {
	local template=$1 w
	shift
	WORDS=()
	# shellcheck disable=SC2086 # the template is split into words on purpose
	set -f
	for w in $template; do
		if [ "$w" = CMD ]; then
			WORDS+=("$@")
		else
			WORDS+=("$w")
		fi
	done
	set +f
}
