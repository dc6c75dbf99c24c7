# bash completion for sandprint(1)

_sandprint_files_json()
{
	COMPREPLY+=($(compgen -f -X '!*.json' -- "$1") $(compgen -d -- "$1"))
}

_sandprint()
{
	local cur prev cmd i
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	# After "--", complete the workload's command like a shell would.
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [ "${COMP_WORDS[i]}" = -- ]; then
			# bash-completion's, where it is loaded; else the
			# command's name, then file names.
			if declare -F _command_offset >/dev/null; then
				_command_offset $((i + 1))
			elif [ $((i + 1)) -eq "$COMP_CWORD" ]; then
				COMPREPLY=($(compgen -c -- "$cur" | sort -u))
			else
				COMPREPLY=($(compgen -f -- "$cur"))
			fi
			return
		fi
	done
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$(sandprint --help 2>/dev/null |
			sed -n '/^Commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p')
			--help --version" -- "$cur"))
		return
	fi
	case $prev in
	-f | --format)
		case $cmd in
		profile | generate | merge)
			COMPREPLY=($(compgen -W "json c c-bpf bpf systemd minijail k8s firecracker" -- "$cur")) ;;
		show)
			COMPREPLY=($(compgen -W "text html" -- "$cur")) ;;
		*)
			COMPREPLY=($(compgen -W "text json markdown html" -- "$cur")) ;;
		esac
		return ;;
	--from)
		COMPREPLY=($(compgen -W "strace audit" -- "$cur"))
		return ;;
	--via)
		COMPREPLY=($(compgen -W "ptrace notify bpf" -- "$cur"))
		return ;;
	--static)
		case $cmd in
		show)
			COMPREPLY=($(compgen -W "auto none paths" -- "$cur")) ;;
		*)
			COMPREPLY=($(compgen -W "auto none" -- "$cur")) ;;
		esac
		return ;;
	--languages)
		COMPREPLY=($(compgen -W "auto none go jvm node python ghc glibc" -- "$cur"))
		return ;;
	--default-action)
		COMPREPLY=($(compgen -W "errno kill-process kill-thread trap log" -- "$cur"))
		return ;;
	--args)
		COMPREPLY=($(compgen -W "auto strict none" -- "$cur"))
		return ;;
	--runtime)
		COMPREPLY=($(compgen -W "crun runc crun,runc none" -- "$cur"))
		return ;;
	--safety)
		COMPREPLY=($(compgen -W "all none vdso control-flow fallback advice" -- "$cur"))
		return ;;
	--arch)
		COMPREPLY=($(compgen -W "x86_64 x86 x32 aarch64 arm riscv64 ppc64le s390x" -- "$cur"))
		return ;;
	--cgroup | --root)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	-p | --pid)
		# run's -p is the old spelling of -P.
		if [ "$cmd" != run ]; then
			COMPREPLY=($(compgen -W "$(ls /proc | grep -x '[0-9]*')" -- "$cur"))
			return
		fi
		COMPREPLY=($(compgen -W "docker-default podman-default" -- "$cur")
			$(compgen -f -- "$cur"))
		return ;;
	--caps | --kernel | --filter | --name | --repeat | --ready-fd)
		# A value of the user's own: no file names.
		return ;;
	-P | --profile | --baseline)
		COMPREPLY=($(compgen -W "docker-default podman-default" -- "$cur")
			$(compgen -f -- "$cur"))
		return ;;
	-o | --output)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		# The options of the help's option lines (an indented
		# "-x, --long" or "--long"), not the words of its prose
		# (kill-process, c-bpf) nor another command's options it names.
		COMPREPLY=($(compgen -W "$(sandprint "$cmd" --help 2>/dev/null |
			sed -nE 's/^ +(-[a-zA-Z0-9]), (--[a-z][a-z-]*).*/\1 \2/p
				s/^ +(-[a-zA-Z0-9]|--[a-z][a-z-]*)([ =[]|$).*/\1/p')" -- "$cur"))
		return
	fi
	# The commands that take profiles take the shipped ones by name.
	case $cmd in
	show | diff | explain | merge)
		COMPREPLY=($(compgen -W "docker-default podman-default" -- "$cur")) ;;
	esac
	_sandprint_files_json "$cur"
}
complete -F _sandprint sandprint
