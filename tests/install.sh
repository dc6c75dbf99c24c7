#!/bin/bash
# install.sh - what `cmake --install` and `cpack -G DEB` deliver: the
# binary, every man page, the bash completion (which must complete
# commands and options); the .deb holds the same and says what it needs.
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
