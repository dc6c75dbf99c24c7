#!/bin/bash
# install.sh - what `cmake --install` and `cpack -G DEB` deliver: the
# binary, every man page, the bash completion (which must complete
# commands and options: each command's own); the .deb holds the same and
# says what it needs.  Installing touches nothing but the destination,
# and the manifest names all it wrote; moved to another prefix, with the
# build and source trees gone, the installed sandprint still records
# and finds its profiles, pages and completion.  scripts/deps.sh
# installs every tool the tests look for.
#
# Usage: install.sh BUILD_DIR SOURCE_DIR
set -u
. "$(dirname -- "$0")/lib.sh"
B=$(realpath -e -- "$1") || exit 2
S=$(realpath -e -- "$2") || exit 2
sp_begin install

touch "$WORK/before"
DESTDIR=$WORK/root cmake --install "$B" --prefix /usr >"$WORK/log" 2>&1 ||
	bad cmake_install "$(tail -3 "$WORK/log")"
R=$WORK/root/usr
# Installing writes into the destination and nowhere else: the build
# tree keeps only CMake's install_manifest.txt (a file `sudo cmake
# --install` leaves in it is one its owner cannot remove, a directory
# worse), and DESTDIR gets the prefix alone.
written=$(find "$B" -newer "$WORK/before" ! -type d ! -name install_manifest.txt \
	! -path "$B/Testing/*" ! -path "$B/test-cache/*" | head -3)
[ -z "$written" ] && ok install_leaves_the_build_tree_alone ||
	bad install_leaves_the_build_tree_alone "$written"
[ "$(ls -A "$WORK/root")" = usr ] && ok install_writes_under_the_prefix_only ||
	bad install_writes_under_the_prefix_only "$(ls -A "$WORK/root" | tr '\n' ' ')"
# Stripped (cmake --install --strip, as packages are), the executable
# holds no path of the build or source tree: the same program from any
# build directory, and nothing the trees' removal could break.  Not a
# sanitizer build's, whose reports name the sources by their paths.
DESTDIR=$WORK/stripped cmake --install "$B" --prefix /usr --strip >/dev/null 2>&1
if [ ! -x "$WORK/stripped/usr/bin/sandprint" ]; then
	bad stripped_binary_names_no_build_path "cmake --install --strip installed nothing"
elif ! grep -q '^SP_SANITIZE:BOOL=ON' "$B/CMakeCache.txt"; then
	baked=$(grep -aoF -e "$S/" -e "$B/" "$WORK/stripped/usr/bin/sandprint" | sort -u | head -3)
	[ -z "$baked" ] && ok stripped_binary_names_no_build_path ||
		bad stripped_binary_names_no_build_path "$(tr '\n' ' ' <<<"$baked")"
fi
# The manifest (what an uninstall removes: xargs rm <install_manifest.txt)
# names every file installed, by its path without DESTDIR.
(cd "$WORK/root" && find . ! -type d | sed 's/^\.//' | sort) >"$WORK/files"
sort "$B/install_manifest.txt" >"$WORK/manifest"
cmp -s "$WORK/files" "$WORK/manifest" && ok manifest_names_every_installed_file ||
	bad manifest_names_every_installed_file "$(diff "$WORK/manifest" "$WORK/files" | grep '^[<>]' | head -3 | tr '\n' ' ')"
[ -x "$R/bin/sandprint" ] && ok binary_installed || bad binary_installed "no $R/bin/sandprint"
for page in "$S"/man/*.1 "$S"/man/*.5; do
	sec=${page##*.}
	[ -f "$R/share/man/man$sec/${page##*/}" ] && ok "man_${page##*/}" ||
		bad "man_${page##*/}" "not installed"
done
for prof in docker-default podman-default; do
	[ -f "$R/share/sandprint/profiles/$prof.json" ] && ok "shipped_$prof" ||
		bad "shipped_$prof" "not installed"
done
H=$R/share/containers/oci/hooks.d/sandprint.json
if [ -f "$H" ]; then
	ok hook_json_installed
	python3 -c 'import json, sys
h = json.load(open(sys.argv[1]))
assert h["version"] == "1.0.0", h
assert h["hook"]["path"] == "/usr/bin/sandprint", h["hook"]
assert h["hook"]["args"][1:] == ["oci-hook"], h["hook"]
assert set(h["stages"]) == {"prestart", "poststop"}, h["stages"]
assert "^io\\.sandprint\\.record$" in h["when"]["annotations"], h["when"]' "$H" 2>"$WORK/hook.err" &&
		ok hook_json_names_the_installed_binary ||
		bad hook_json_names_the_installed_binary "$(tail -1 "$WORK/hook.err")"
else
	bad hook_json_installed "no $H"
fi
# The installed binary finds them by name, from anywhere.
(cd "$WORK" && "$R/bin/sandprint" check -q --profile docker-default \
	"$S/testdata/golden/trace.json" >/dev/null 2>&1)
[ $? = 1 ] && ok installed_binary_finds_docker_default ||
	bad installed_binary_finds_docker_default "check did not judge (status $?)"
C=$R/share/bash-completion/completions/sandprint
[ -f "$C" ] && ok completion_installed || bad completion_installed "no $C"

# The completion, driven as bash would drive it.
complete_words() { # words... (the last is the one being completed)
	PATH="$R/bin:$PATH" bash -c '
		_command_offset() { :; }
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_sandprint; printf "%s\n" "${COMPREPLY[@]}"' _ "$C" "$@"
}
complete_words sandprint pro | grep -qx profile && ok completes_commands ||
	bad completes_commands "$(complete_words sandprint pro | tr '\n' ' ')"
complete_words sandprint profile --ar | grep -qx -- --args && ok completes_options ||
	bad completes_options "$(complete_words sandprint profile --ar | tr '\n' ' ')"
complete_words sandprint profile --args s | grep -qx strict && ok completes_values ||
	bad completes_values "$(complete_words sandprint profile --args s | tr '\n' ' ')"
complete_words sandprint oc | grep -qx oci-hook && ok completes_hyphenated_command ||
	bad completes_hyphenated_command "$(complete_words sandprint oc | tr '\n' ' ')"
complete_words sandprint check -f h | grep -qx html && ok completes_report_html ||
	bad completes_report_html "$(complete_words sandprint check -f h | tr '\n' ' ')"
[ "$(complete_words sandprint show -f '' | tr '\n' ' ')" = "text html " ] && ok completes_show_formats ||
	bad completes_show_formats "$(complete_words sandprint show -f '' | tr '\n' ' ')"
complete_words sandprint explain dock | grep -qx docker-default && ok completes_shipped_profiles ||
	bad completes_shipped_profiles "$(complete_words sandprint explain dock | tr '\n' ' ')"
# Sourced without bash-completion (no _command_offset), "--" still
# completes the workload's command, then its files.
got=$(cd "$WORK" && PATH="$R/bin:/usr/bin:/bin" bash -c '
	source "$1"
	COMP_WORDS=(sandprint record -- mkfif); COMP_CWORD=3; _sandprint
	printf "%s\n" "${COMPREPLY[@]}"
	COMP_WORDS=(sandprint record -- ls lo); COMP_CWORD=4; _sandprint
	printf "%s\n" "${COMPREPLY[@]}"' _ "$C" 2>&1)
[ "$got" = "$(printf 'mkfifo\nlog')" ] && ok completes_workload_without_bash_completion ||
	bad completes_workload_without_bash_completion "$(tr '\n' ' ' <<<"$got")"
# Every command's options, as --help lists them: the short ones too
# (check -P), and nothing the command refuses (words of the help's prose,
# kill-process or c-bpf, are not options; neither are other commands'
# options it names, show's "record --stacks").
for cmd in $("$R/bin/sandprint" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p'); do
	refused=
	for opt in $(complete_words sandprint "$cmd" -); do
		(cd "$WORK" && timeout 10 "$R/bin/sandprint" "$cmd" "$opt" </dev/null \
			>/dev/null 2>"$WORK/opt.err")
		grep -q 'unknown.*option' "$WORK/opt.err" && refused="$refused $opt"
	done
	[ -z "$refused" ] && ok "completes_only_options_of_$cmd" ||
		bad "completes_only_options_of_$cmd" "offers$refused"
done
for cmd in check run; do
	complete_words sandprint "$cmd" - | grep -qx -- -P && ok "completes_short_option_P_of_$cmd" ||
		bad "completes_short_option_P_of_$cmd" "$(complete_words sandprint "$cmd" - | tr '\n' ' ')"
done
[ "$(complete_words sandprint profile --safety ad)" = advice ] && ok completes_safety_advice ||
	bad completes_safety_advice "$(complete_words sandprint profile --safety ad | tr '\n' ' ')"
[ "$(complete_words sandprint profile --arch aa)" = aarch64 ] && ok completes_arch_names ||
	bad completes_arch_names "$(complete_words sandprint profile --arch aa | tr '\n' ' ')"
# --root takes a directory (a container's root file system): no trace
# files, no shipped profiles.
mkdir -p "$WORK/cpl/rootfs" && : >"$WORK/cpl/t.json"
got=$(cd "$WORK/cpl" && complete_words sandprint show --root '' | tr '\n' ' ')
[ "$got" = "rootfs " ] && ok completes_root_with_directories ||
	bad completes_root_with_directories "$got"

# Moved elsewhere (a prefix of the user's own: ~/.local), the installed
# sandprint still finds its profiles, man its pages, and bash-completion
# its completion, all by where the binary is.
H=$WORK/home
mkdir -p "$H" "$WORK/elsewhere"
mv "$R" "$H/.local"
(cd "$WORK/elsewhere" && "$H/.local/bin/sandprint" check -q -P podman-default \
	"$S/testdata/golden/trace.json" >/dev/null 2>"$WORK/moved.err")
[ $? = 1 ] && ok moved_install_finds_shipped_profiles ||
	bad moved_install_finds_shipped_profiles "$(head -2 "$WORK/moved.err")"
# A name that is neither a file nor a shipped profile: the error says
# which are shipped; copied out of its installation, that it has none.
(cd "$WORK/elsewhere" && "$H/.local/bin/sandprint" check -q -P docker-defualt \
	"$S/testdata/golden/trace.json" >/dev/null 2>"$WORK/typo.err")
st=$?
[ $st = 2 ] && grep -q "docker-defualt: no profile shipped with sandprint either (in $H/.local/share/sandprint/profiles: docker-default, podman-default)" "$WORK/typo.err" &&
	ok unknown_profile_name_lists_the_shipped_ones ||
	bad unknown_profile_name_lists_the_shipped_ones "status $st: $(tr '\n' ' ' <"$WORK/typo.err")"
cp "$H/.local/bin/sandprint" "$WORK/elsewhere/sandprint"
(cd "$WORK/elsewhere" && ./sandprint diff -q docker-default podman-default >/dev/null 2>"$WORK/lone.err")
st=$?
[ $st = 2 ] && grep -q "docker-default: no profile shipped with sandprint either: there are none beside this executable.*$WORK/elsewhere/../share/sandprint/profiles: No such file" "$WORK/lone.err" &&
	ok copied_binary_says_it_has_no_shipped_profiles ||
	bad copied_binary_says_it_has_no_shipped_profiles "status $st: $(tr '\n' ' ' <"$WORK/lone.err")"
if command -v man >/dev/null; then
	page=$(cd "$WORK/elsewhere" && env -u MANPATH PATH="$H/.local/bin:/usr/bin:/bin" man -w sandprint-record 2>&1)
	[ "$page" = "$H/.local/share/man/man1/sandprint-record.1" ] && ok moved_install_man_finds_pages ||
		bad moved_install_man_finds_pages "$page"
fi
if [ -f /usr/share/bash-completion/bash_completion ]; then
	# Loaded on demand from ~/.local/share/bash-completion/completions,
	# and "--" hands over to the workload's own completion.
	got=$(cd "$WORK/elsewhere" && env -i HOME="$H" PATH="$H/.local/bin:/usr/bin:/bin" bash -c '
		source /usr/share/bash-completion/bash_completion
		__load_completion sandprint || exit
		COMP_WORDS=(sandprint check -); COMP_CWORD=2
		COMP_LINE="sandprint check -"; COMP_POINT=${#COMP_LINE}
		_sandprint; printf "%s\n" "${COMPREPLY[@]}"
		COMP_WORDS=(sandprint record -- ls --almost-al); COMP_CWORD=4
		COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
		_sandprint 2>/dev/null; printf "%s\n" "${COMPREPLY[@]}"' 2>&1)
	grep -qx -- --profile <<<"$got" && grep -qx -- --almost-all <<<"$got" &&
		ok moved_install_completion_loads || bad moved_install_completion_loads "$(tr '\n' ' ' <<<"$got")"
fi
# With the build and source trees gone (hidden under empty mounts), it
# records by each path and finds what it ships: nothing is looked up by
# a path of the build.
if [ "$(id -u)" = 0 ] && case "$WORK/" in "$B"/* | "$S"/*) false ;; esac; then
	B=$B S=$S H=$H unshare -m --propagation private bash -c '
		mount -t tmpfs none "$B" && mount -t tmpfs none "$S" || exit 3
		cd "$H" || exit 3
		sp=$H/.local/bin/sandprint
		for via in ptrace notify bpf; do
			"$sp" record -q --via $via -o t.json -- sh -c "echo recorded" >out 2>err ||
				{ [ $via = bpf ] && grep -q "in-kernel recorder cannot run here" err && continue; }
			grep -qx recorded out && [ -s t.json ] || { echo "record --via $via: $(head -2 err)"; continue; }
			echo "ok $via"
		done
		"$sp" check -q -P docker-default t.json >/dev/null 2>err || [ $? = 1 ] ||
			echo "check -P docker-default: $(head -1 err)"
		"$sp" profile -q -o p.json t.json 2>err || echo "profile: $(head -1 err)"
	' >"$WORK/gone.out" 2>&1
	if grep -q ok "$WORK/gone.out" && ! grep -qv '^ok ' "$WORK/gone.out"; then
		ok works_with_build_and_source_trees_gone
	else
		bad works_with_build_and_source_trees_gone "$(tr '\n' ' ' <"$WORK/gone.out")"
	fi
fi

# scripts/deps.sh (the README's set-up) installs what the tests use: a
# test that installs a package itself races the other tests for dpkg's
# lock on a fresh machine, and one that finds a tool missing fails.
sed -n '/^pkgs=(/,/)/p' "$S/scripts/deps.sh" | tr -d '()' | sed 's/^pkgs=//' |
	tr -s ' \t' '\n\n' | grep . | sort -u >"$WORK/deps"
self=$(sed -n 's/.*need+=(\([a-z][a-z0-9.+-]*\)).*/\1/p' "$S/tests/run-in-crun.sh" |
	sort -u | comm -23 - "$WORK/deps" | tr '\n' ' ')
[ -s "$WORK/deps" ] && [ -z "$self" ] && ok deps_installs_what_run_in_crun_would_install ||
	bad deps_installs_what_run_in_crun_would_install "not in scripts/deps.sh: ${self:-(no list read)}"
if command -v dpkg-query >/dev/null && command -v apt-cache >/dev/null; then
	# A tool a test looks for comes from a package deps.sh names, one
	# such a package needs (musl-tools' musl-gcc is musl-dev's), or one
	# every Debian has (required, important).
	apt-cache depends --no-recommends --no-suggests $(cat "$WORK/deps") 2>/dev/null |
		sed -n 's/^ *\(Pre\)\{0,1\}Depends: \([a-z0-9.+-]*\).*/\2/p' |
		cat - "$WORK/deps" | sort -u >"$WORK/deps+"
	missing=
	for tool in $(grep -ohE 'command -v "?[a-z][a-z0-9_.+-]*' "$S"/tests/*.sh |
		awk '{print $3}' | tr -d '"' | sort -u); do
		path=$(command -v "$tool") || continue
		case $path in /*) realpath "$path" ;; esac
	done >"$WORK/tools"
	# One dpkg -S for them all: "package: path" (usrmerge's /bin is /usr/bin).
	dpkg -S $(cat "$WORK/tools") 2>/dev/null | sed 's/:[a-z0-9]*: /: /' >"$WORK/owners"
	while read -r path; do
		pkg=$(grep -m1 ": $path\$" "$WORK/owners" | cut -d: -f1)
		[ -n "$pkg" ] || continue
		grep -qx -- "$pkg" "$WORK/deps+" && continue
		case $(dpkg-query -W -f='${Priority}' "$pkg" 2>/dev/null) in
		required | important) continue ;;
		esac
		missing="$missing ${path##*/} ($pkg)"
	done <"$WORK/tools"
	[ -z "$missing" ] && ok deps_installs_every_tool_the_tests_look_for ||
		bad deps_installs_every_tool_the_tests_look_for "not from scripts/deps.sh:$missing"
fi

# The README's demo needs root: said at once, before installing and
# building anything.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	(cd "$WORK/elsewhere" && timeout 60 setpriv --reuid=65534 --regid=65534 \
		--clear-groups bash "$S/scripts/demo.sh" >"$WORK/demo.out" 2>&1)
	st=$?
	[ $st = 1 ] && [ "$(cat "$WORK/demo.out")" = "demo: needs root (crun): run it as root" ] &&
		ok demo_says_it_needs_root_first ||
		bad demo_says_it_needs_root_first "status $st: $(head -c 300 "$WORK/demo.out" | tr '\n' ' ')"
fi

if command -v dpkg-deb >/dev/null; then
	(cd "$B" && cpack -G DEB -B "$WORK/deb" >"$WORK/cpack.log" 2>&1) ||
		bad cpack_deb "$(tail -3 "$WORK/cpack.log")"
	deb=$(ls "$WORK"/deb/*.deb 2>/dev/null | head -1)
	if [ -n "$deb" ]; then
		dpkg-deb -c "$deb" 2>/dev/null | grep -q ' ./usr/bin/sandprint$' && ok deb_has_binary ||
			bad deb_has_binary "$(dpkg-deb -c "$deb" | head -5)"
		dpkg-deb -c "$deb" 2>/dev/null | grep -q ' ./usr/share/sandprint/profiles/podman-default.json$' &&
			ok deb_has_shipped_profiles || bad deb_has_shipped_profiles "no podman-default.json"
		dpkg-deb -c "$deb" 2>/dev/null | grep -q ' ./usr/share/containers/oci/hooks.d/sandprint.json$' &&
			ok deb_has_hook || bad deb_has_hook "no hooks.d/sandprint.json"
		dpkg-deb -f "$deb" Depends | grep -q libseccomp2 && ok deb_declares_dependencies ||
			bad deb_declares_dependencies "$(dpkg-deb -f "$deb" Depends)"
		dpkg-deb -x "$deb" "$WORK/x" && "$WORK/x/usr/bin/sandprint" --version >/dev/null &&
			ok deb_binary_runs || bad deb_binary_runs "does not run"
		# In CI (a throw-away machine), the real thing: dpkg installs
		# it, it records, man finds its pages, and it is removed.
		if [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ] &&
			! dpkg-query -W sandprint >/dev/null 2>&1; then
			if dpkg -i "$deb" >"$WORK/dpkg.log" 2>&1 &&
				/usr/bin/sandprint record -q -o "$WORK/t.json" -- true &&
				[ -f /usr/share/man/man1/sandprint.1 ]; then
				ok deb_installs_and_records
			else
				bad deb_installs_and_records "$(tail -3 "$WORK/dpkg.log")"
			fi
			dpkg -r sandprint >/dev/null 2>&1
		fi
	else
		bad cpack_deb "no .deb made"
	fi
fi
sp_end
