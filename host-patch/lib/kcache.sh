# shellcheck shell=bash
# kcache.sh: Debian kernel packages unpacked into a cache outside the
# checkout, never installed, and a Debian sid build root for the kernel
# lines that Debian 12 cannot build (sourced by common.sh).
#
# Layout of $KCACHE (EXIT_PROBE_CACHE, default /var/cache/exit-probe):
#   kernel/ABI/      linux-image-ABI (and its split packages) and, for
#                    lines built on this host, the headers, -common and
#                    linux-kbuild packages, unpacked with dpkg-deb -x:
#                    boot/vmlinuz-ABI and lib/modules/ABI/ on every line
#   source/linux-source-LINE_VERSION/linux-source-LINE.tar.xz
#   sid/             the sid root (mmdebstrap), headers installed inside
#   *.lock, sid.log  locks (flock) and the sid root's creation log

KCACHE=${EXIT_PROBE_CACHE:-/var/cache/exit-probe}
SID_ROOT=$KCACHE/sid
# Kernel lines whose packages come from Debian sid, which the machine's
# apt sources do not list, and whose headers' tools need sid's glibc and
# gcc: they build inside the sid root.
SID_LINES="7.2"
# Seconds to wait for another process's lock, and for one apt step.
KC_LOCK_WAIT=${KC_LOCK_WAIT:-3600}
KC_APT_TIMEOUT=${KC_APT_TIMEOUT:-900}

kc_say() {
	echo "${0##*/}: $*" >&2
}

# kc_time LABEL CMD...: run CMD, then say how long LABEL took.
kc_time() {
	local label=$1 t0 rc=0
	shift
	t0=$(date +%s.%N)
	"$@" || rc=$?
	kc_say "$label: $(awk -v a="$t0" -v b="$(date +%s.%N)" -v rc="$rc" \
		'BEGIN { printf "%.1f s%s", b - a,
			rc ? " (failed, status " rc ")" : "" }')"
	return "$rc"
}

# kc_logged LOG CMD...: run CMD with its output in LOG.
kc_logged() {
	local log=$1
	shift
	"$@" >"$log" 2>&1
}

# Whether kernel line $1 builds in the sid root.
is_sid_line() {
	case " $SID_LINES " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# kc_lock FILE VAR: wait (at most KC_LOCK_WAIT s) for an exclusive lock
# on FILE and keep it on a descriptor whose number goes to VAR; kc_unlock
# VAR's number releases it.
kc_lock() {
	local file=$1 fd
	mkdir -p "$(dirname "$file")" ||
		die "cannot create $(dirname "$file") (set EXIT_PROBE_CACHE to a writable folder)"
	exec {fd}>"$file" ||
		die "cannot write $file (set EXIT_PROBE_CACHE to a writable folder)"
	flock -w "$KC_LOCK_WAIT" "$fd" ||
		die "waited $KC_LOCK_WAIT s for the lock $file"
	printf -v "$2" %s "$fd"
}

kc_unlock() {
	local fd=$1
	exec {fd}>&-
}

# Print the URI of the Debian archive that the machine's apt sources use
# for its own release (one-line and deb822 files, component main); or
# EXIT_PROBE_SID_URI when set.
kc_archive_uri() {
	local codename SL='' SP='' f
	if [ -n "${EXIT_PROBE_SID_URI:-}" ]; then
		echo "$EXIT_PROBE_SID_URI"
		return
	fi
	# shellcheck disable=SC1091
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	eval "$(apt-config shell SL Dir::Etc::sourcelist/f \
		SP Dir::Etc::sourceparts/d)"
	{
		for f in "$SL" "$SP"*.list; do
			[ -f "$f" ] || continue
			awk '{ sub(/#.*/, ""); gsub(/\[[^]]*\]/, "") }
			     $1 == "deb" { for (i = 4; i <= NF; i++)
				if ($i == "main") print $3, $2 }' "$f"
		done
		for f in "$SP"*.sources; do
			[ -f "$f" ] || continue
			awk 'function flush(  i, j, n, m, u, s) {
				if (f["types"] ~ /(^| )deb( |$)/ &&
				    f["components"] ~ /(^| )main( |$)/ &&
				    tolower(f["enabled"]) != "no") {
					n = split(f["uris"], u, " ")
					m = split(f["suites"], s, " ")
					for (j = 1; j <= m; j++)
						for (i = 1; i <= n; i++)
							print s[j], u[i]
				}
				delete f
			}
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			/^[ \t]/ { f[k] = f[k] " " $0; next }
			{ k = tolower($0); sub(/:.*/, "", k)
			  v = $0; sub(/^[^:]*:[ \t]*/, "", v); f[k] = v }
			END { flush() }' "$f"
		done
	} | awk -v c="$codename" '$1 == c { print $2; found = 1; exit }
		fb == "" && $1 !~ /-/ { fb = $2 }
		END { if (!found && fb != "") print fb }'
}

# sid_run [--bind DIR]... [--cwd DIR] [--] CMD...: run CMD in the sid root,
# in a private mount namespace (nothing is mounted on the host, nothing
# needs unmounting), with /proc mounted (objtool reads it), the host's
# resolv.conf, and each DIR bind-mounted at its own path.
sid_run() {
	local cwd=/ binds=()
	while [ $# -gt 0 ]; do
		case $1 in
		--bind) binds+=("$(realpath "$2")"); shift 2 ;;
		--cwd) cwd=$2; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --mount --propagation private -- /bin/bash -c '
		set -e
		root=$1 cwd=$2 n=$3
		shift 3
		mount -t proc proc "$root/proc"
		for ((i = 0; i < n; i++)); do
			mkdir -p "$root$1"
			mount --bind "$1" "$root$1"
			shift
		done
		if [ -f /etc/resolv.conf ] && [ -f "$root/etc/resolv.conf" ]; then
			mount --bind /etc/resolv.conf "$root/etc/resolv.conf"
		fi
		exec chroot "$root" /usr/bin/env -i HOME=/root LC_ALL=C.UTF-8 \
			PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			DEBIAN_FRONTEND=noninteractive \
			/bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$cwd" "$@"
	' sid-run "$SID_ROOT" "$cwd" "${#binds[@]}" "${binds[@]}" "$@"
}

# Make the sid root: mmdebstrap (apt variant, with make), keeping the
# package lists. The archive's Release is past its Valid-Until (a dated
# snapshot), so apt there does not check it.
sid_root_create() {
	local uri tmp=$SID_ROOT.new log=$KCACHE/sid.log
	uri=$(kc_archive_uri)
	[ -n "$uri" ] || die "no Debian archive with component main in this" \
		"machine's apt sources (or set EXIT_PROBE_SID_URI)"
	if ! command -v mmdebstrap >/dev/null; then
		install_packages mmdebstrap ||
			die "the sid root needs mmdebstrap: apt-get install mmdebstrap"
	fi
	kc_say "making the Debian sid build root $SID_ROOT (log: $log)"
	rm -rf "$tmp" "$SID_ROOT"
	if ! kc_time "sid root: mmdebstrap --variant=apt sid" \
		kc_logged "$log" timeout "$KC_APT_TIMEOUT" \
		unshare --mount --propagation private -- mmdebstrap --variant=apt --mode=root --include=make \
		--aptopt='Acquire::Check-Valid-Until "false"' \
		--skip=cleanup/apt/lists sid "$tmp" "$uri"; then
		tail -n 20 "$log" >&2
		rm -rf "$tmp"
		die "mmdebstrap of sid from $uri failed; full log in $log"
	fi
	touch "$tmp/.complete"
	mv "$tmp" "$SID_ROOT"
}

# sid_root_ensure [ABI]: make the sid root unless it is complete, and
# install linux-headers-ABI in it unless there; one process at a time.
sid_root_ensure() {
	local abi=${1:-} lock
	[ "$(id -u)" = 0 ] || die "the sid build root ($SID_ROOT) needs root"
	kc_lock "$KCACHE/sid.lock" lock
	[ -f "$SID_ROOT/.complete" ] || sid_root_create
	if [ -n "$abi" ] && ! sid_has_headers "$abi"; then
		# shellcheck disable=SC2016 # expanded by the root's shell
		kc_time "sid root: apt-get install linux-headers-$abi make" \
			kc_logged "$KCACHE/sid-headers.log" \
			sid_run -- timeout "$KC_APT_TIMEOUT" sh -c \
			'dpkg --configure -a && apt-get install -y -q \
			 --no-install-recommends "linux-headers-$0" make' "$abi" || {
			tail -n 20 "$KCACHE/sid-headers.log" >&2
			die "cannot install linux-headers-$abi in $SID_ROOT"
		}
		sid_has_headers "$abi" || die "no linux-headers-$abi in $SID_ROOT"
	fi
	kc_unlock "$lock"
}

# Whether linux-headers-$1 is installed in the sid root.
sid_has_headers() {
	# shellcheck disable=SC2016 # a dpkg-query format
	[ -f "$SID_ROOT/usr/src/linux-headers-$1/Makefile" ] &&
		[ "$(sid_run -- dpkg-query -W -f '${Status}' \
			"linux-headers-$1" 2>/dev/null)" = "install ok installed" ]
}

# kc_apt LINE CMD...: run an apt command against the package lists of
# kernel line LINE: the host's, or the sid root's.
kc_apt() {
	local line=$1
	shift
	if is_sid_line "$line"; then
		sid_root_ensure "" && sid_run -- "$@"
	else
		"$@"
	fi
}

# Print the candidate version of package $2 in line $1's lists, or fail.
kc_version() {
	local v
	# shellcheck disable=SC2016 # expanded by sh
	v=$(kc_apt "$1" sh -c 'apt-cache policy "$0" 2>/dev/null' "$2" |
		awk '/Candidate:/ { print $2; exit }')
	[ -n "$v" ] && [ "$v" != "(none)" ] && echo "$v"
}

# Print the packages that PKG=VER ($2) depends on in line $1's lists, one
# a line, the first of each set of alternatives, without versions.
kc_depends() {
	kc_apt "$1" apt-cache show "$2" | awk '/^$/ { exit }
		/^(Pre-)?Depends:/ {
			sub(/^[^:]*:/, ""); n = split($0, d, ",")
			for (i = 1; i <= n; i++) {
				sub(/\|.*/, "", d[i]); sub(/\(.*/, "", d[i])
				sub(/:any/, "", d[i]); gsub(/[ \t]/, "", d[i])
				print d[i]
			}
		}'
}

# kc_resolve LINE: print "ABI VERSION" of the generic -amd64 kernel image
# whose version equals the candidate linux-source-LINE, from the line's
# package lists (never hard-coded).
kc_resolve() {
	local line=$1 version image pattern
	local -a names
	version=$(kc_version "$line" "linux-source-$line") || {
		kc_say "no linux-source-$line in the package lists"
		return 1
	}
	pattern="^linux-image-${line//./\\.}\\.[0-9a-z.+-]*-amd64\$"
	mapfile -t names < <(kc_apt "$line" apt-cache search --names-only \
		"$pattern" | awk '{ print $1 }' |
		grep -v -e -cloud- -e -rt- -e -unsigned || true)
	[ ${#names[@]} -gt 0 ] ||
		{ kc_say "no linux-image-$line.* in the package lists"; return 1; }
	image=$(kc_apt "$line" apt-cache show "${names[@]}" |
		awk -v v="$version" '/^Package:/ { p = $2 }
			/^Version:/ && $2 == v { print p; exit }')
	[ -n "$image" ] || {
		kc_say "no linux-image-$line.* at version $version"
		return 1
	}
	echo "${image#linux-image-} $version"
}

# kc_unpack LINE ROOT PKG=VER...: apt-get download the packages with line
# LINE's lists and unpack them into ROOT with dpkg-deb -x.
kc_unpack() {
	local line=$1 root=$2 dl
	shift 2
	dl=$KCACHE/dl.$$
	rm -rf "$dl"
	mkdir -p "$dl" "$root"
	if is_sid_line "$line"; then
		sid_root_ensure ""
		kc_time "download ${*%%=*}" sid_run --bind "$dl" --cwd "$dl" -- \
			timeout "$KC_APT_TIMEOUT" apt-get download -qq \
			-o APT::Sandbox::User=root "$@" >&2
	else
		kc_time "download ${*%%=*}" env -C "$dl" \
			timeout "$KC_APT_TIMEOUT" apt-get download -qq \
			-o APT::Sandbox::User=root "$@" >&2
	fi || { rm -rf "$dl"; die "apt-get download $* failed"; }
	kc_time "unpack into $root" kc_unpack_debs "$dl" "$root" ||
		{ rm -rf "$dl"; die "dpkg-deb -x into $root failed"; }
	rm -rf "$dl"
}

# kc_unpack_debs DIR ROOT: dpkg-deb -x every .deb in DIR into ROOT.
kc_unpack_debs() {
	local deb
	for deb in "$1"/*.deb; do
		timeout "$KC_APT_TIMEOUT" dpkg-deb -x "$deb" "$2" || return
	done
}

# kc_fetch_image ABI: unpack linux-image-ABI (with the linux-base-,
# linux-binary- and linux-modules-ABI packages it depends on, as sid splits
# it) into $KCACHE/kernel/ABI once; link boot/vmlinuz-ABI and
# lib/modules/ABI where the packages put them under usr/lib/modules/ABI.
# Print the root.
kc_fetch_image() {
	local abi=$1 line root=$KCACHE/kernel/$1 ver lock dep m
	local -a pkgs
	line=$(line_of_release "$abi") || die "no kernel line for $abi"
	if [ ! -f "$root/.image" ]; then
		kc_lock "$KCACHE/kernel/$abi.lock" lock
		if [ ! -f "$root/.image" ]; then
			ver=$(kc_version "$line" "linux-image-$abi") ||
				die "no linux-image-$abi in the $line package lists"
			pkgs=("linux-image-$abi=$ver")
			for dep in $(kc_depends "$line" "linux-image-$abi=$ver"); do
				case $dep in
				linux-base-"$abi"|linux-binary-"$abi"|linux-modules-"$abi")
					pkgs+=("$dep=$ver") ;;
				esac
			done
			kc_unpack "$line" "$root" "${pkgs[@]}"
			m=usr/lib/modules/$abi
			mkdir -p "$root/boot" "$root/lib/modules"
			if [ -f "$root/$m/vmlinuz" ]; then
				ln -sfn "../$m/vmlinuz" "$root/boot/vmlinuz-$abi"
				ln -sfn "../$m/config" "$root/boot/config-$abi"
				ln -sfn "../$m/System.map" "$root/boot/System.map-$abi"
			fi
			if [ -d "$root/$m" ] && [ ! -e "$root/lib/modules/$abi" ]; then
				ln -sfn "../../$m" "$root/lib/modules/$abi"
			fi
			echo "$ver" >"$root/.image"
		fi
		kc_unlock "$lock"
	fi
	if [ ! -f "$root/boot/vmlinuz-$abi" ] ||
		[ ! -d "$root/lib/modules/$abi/kernel" ]; then
		die "no boot/vmlinuz-$abi or lib/modules/$abi/kernel in $root"
	fi
	echo "$root"
}

# kc_fetch_headers ABI: unpack linux-headers-ABI, its -common package and
# its linux-kbuild into $KCACHE/kernel/ABI once, for a line built on this
# host, with the headers' Makefile pointed at the unpacked -common. Print
# the root.
kc_fetch_headers() {
	local abi=$1 line root=$KCACHE/kernel/$1 ver lock dep
	local -a pkgs
	line=$(line_of_release "$abi") || die "no kernel line for $abi"
	is_sid_line "$line" && die "line $line's headers live in the sid root"
	if [ ! -f "$root/.headers" ]; then
		kc_lock "$KCACHE/kernel/$abi.lock" lock
		if [ ! -f "$root/.headers" ]; then
			ver=$(kc_version "$line" "linux-headers-$abi") ||
				die "no linux-headers-$abi in the $line package lists"
			pkgs=("linux-headers-$abi=$ver")
			for dep in $(kc_depends "$line" "linux-headers-$abi=$ver"); do
				case $dep in
				linux-headers-*-common|linux-kbuild-*)
					pkgs+=("$dep=$ver") ;;
				esac
			done
			kc_unpack "$line" "$root" "${pkgs[@]}"
			sed -i "s|^include /usr/src/|include $root/usr/src/|" \
				"$root/usr/src/linux-headers-$abi/Makefile"
			echo "$ver" >"$root/.headers"
		fi
		kc_unlock "$lock"
	fi
	[ -f "$root/usr/src/linux-headers-$abi/Makefile" ] ||
		die "no usr/src/linux-headers-$abi in $root"
	echo "$root"
}

# kc_build_deps ABI: the host packages that building against the unpacked
# linux-headers-ABI needs: the headers' and linux-kbuild's dependencies
# other than kernel packages (linux-compiler-* gives its own).
kc_build_deps() {
	local abi=$1 line ver dep
	line=$(line_of_release "$abi") || return 1
	ver=$(kc_version "$line" "linux-headers-$abi") || return 1
	for dep in $(kc_depends "$line" "linux-headers-$abi=$ver"); do
		case $dep in
		linux-kbuild-*) kc_depends "$line" "$dep=$ver" ;;
		linux-compiler-*) kc_depends "$line" "$dep" ;;
		linux-*) ;;
		*) echo "$dep" ;;
		esac
	done | sort -u
}

# kc_fetch_source LINE [VERSION]: unpack linux-source-LINE (VERSION, else
# the candidate) into $KCACHE/source once; print its tarball.
kc_fetch_source() {
	local line=$1 ver=${2:-} dir lock tmp
	[ -n "$ver" ] || ver=$(kc_version "$line" "linux-source-$line") ||
		die "no linux-source-$line in the $line package lists"
	dir=$KCACHE/source/linux-source-${line}_$ver
	if [ ! -f "$dir/.done" ]; then
		kc_lock "$dir.lock" lock
		if [ ! -f "$dir/.done" ]; then
			tmp=$dir.tmp.$$
			rm -rf "$dir" "$tmp"
			kc_unpack "$line" "$tmp" "linux-source-$line=$ver"
			mkdir -p "$dir"
			mv "$tmp/usr/src/linux-source-$line.tar.xz" "$dir/" ||
				die "linux-source-$line=$ver has no linux-source-$line.tar.xz"
			rm -rf "$tmp"
			touch "$dir/.done"
		fi
		kc_unlock "$lock"
	fi
	echo "$dir/linux-source-$line.tar.xz"
}
