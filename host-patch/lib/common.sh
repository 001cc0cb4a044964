# shellcheck shell=bash
# common.sh: helpers shared by the host-patch scripts (sourced, not run).

die() {
	echo "${0##*/}: error: $*" >&2
	exit 1
}

warn() {
	echo "${0##*/}: warning: $*" >&2
}

# Print the kernel line (7.2, 6.12 or 6.1) of kernel release $1, or fail.
line_of_release() {
	case $1 in
	7.2.*) echo 7.2 ;;
	6.12.*) echo 6.12 ;;
	6.1.*) echo 6.1 ;;
	*) return 1 ;;
	esac
}

# Install Debian packages when root; fail otherwise.
install_packages() {
	[ "$(id -u)" = 0 ] || return 1
	echo "${0##*/}: installing $*" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}

# Print the newest installed generic amd64 headers ABI of kernel line $1.
installed_abi() {
	local d abi best=
	for d in /usr/src/linux-headers-"$1".*-amd64; do
		[ -f "$d/Makefile" ] || continue
		abi=${d#/usr/src/linux-headers-}
		case $abi in
		*-cloud-amd64|*-rt-amd64) continue ;;
		esac
		if [ -z "$best" ] || dpkg --compare-versions "$abi" gt "$best"; then
			best=$abi
		fi
	done
	[ -n "$best" ] && echo "$best"
}

# Print the generic amd64 ABI whose package has the same version as the
# candidate linux-source-$1, from the line's package lists (kcache.sh).
packaged_abi() {
	local r
	r=$(kc_resolve "$1") || return 1
	echo "${r%% *}"
}

# Print the ABI to build for on kernel line $1: the running kernel if it
# is of that line and its headers are installed, else the one matching
# linux-source-$1 in the package lists (its packages go to the cache),
# else the newest installed generic -amd64 headers of that line.
resolve_abi() {
	local running
	running=$(uname -r)
	if [ "$(line_of_release "$running" || true)" = "$1" ] &&
	   [ -f "/usr/src/linux-headers-$running/Makefile" ]; then
		echo "$running"
		return
	fi
	packaged_abi "$1" || installed_abi "$1" ||
		die "cannot resolve a linux-headers ABI for line $1; pass --abi"
}

# Print the patches of series directory $1 in order, without the cover.
series_patches() {
	local p
	for p in "$1"/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -f "$p" ] || continue
		case ${p##*/} in
		0000-*) continue ;;
		esac
		echo "$p"
	done
}

# Files a patch series changes, one per line.
series_files() {
	[ $# -gt 0 ] || return 0
	sed -n 's|^+++ b/||p' "$@" | sort -u
}

# Print the parts of patches $@ that change what a module build compiles
# (no commit ids or messages, no selftests), for keying work trees.
build_hunks() {
	awk '/^diff --git / {
		keep = $3 ~ /^a\/(arch\/x86\/kvm|virt|arch\/x86\/include|include)\//
	}
	keep' "$@"
}

# Extract the KVM sources and the headers they may patch from kernel source
# tarball $1 into $2, once.
extract_kvm_sources() {
	local tarball=$1 dest=$2 top tmp
	[ -f "$dest/.complete" ] && return 0
	top=$(basename "$tarball" .tar.xz)
	tmp=$dest.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	echo "${0##*/}: extracting KVM sources from $tarball" >&2
	tar -xJf "$tarball" -C "$tmp" --strip-components=1 \
		"$top/arch/x86/kvm" "$top/virt/kvm" "$top/virt/lib" \
		"$top/arch/x86/include" "$top/include/linux" "$top/include/uapi" \
		"$top/include/kvm" "$top/include/trace"
	touch "$tmp/.complete"
	rm -rf "$dest"
	mv "$tmp" "$dest"
}

# prune_work_trees DIR ABI KEEP: every edit of the series makes a new work
# tree (145 MB); keep ABI's KEEP most recently used ones in DIR and remove
# the others that no build holds.
prune_work_trees() {
	local dir=$1 abi=$2 keep=$3 lock
	local -a old
	mapfile -t old < <(find "$dir" -maxdepth 1 -name "$abi-*.lock" \
		-printf '%T@ %p\n' | sort -rn | tail -n +$((keep + 1)) | cut -d' ' -f2-)
	for lock in "${old[@]}"; do
		(
			exec 8<"$lock" && flock -n 8 || exit 0
			rm -rf "${lock%.lock}" "$lock"
		)
	done
}

# The paths of a patch that a KVM module build needs.
APPLY_PATHS=(--include='arch/x86/kvm/*' --include='virt/*'
	     --include='arch/x86/include/*' --include='include/*')

# Run git apply in directory $1 with arguments $2...  Keep git from taking
# an enclosing repository for the tree to patch: inside one, git apply
# silently skips paths outside the current directory.
git_apply_in() {
	local dir=$1
	shift
	(
		GIT_CEILING_DIRECTORIES=$(dirname "$dir")
		export GIT_CEILING_DIRECTORIES
		cd "$dir" && git apply "${APPLY_PATHS[@]}" "$@"
	)
}

# Whether directory $1 already has all of patches $2... (a kernel tree with
# the series applied): on a scratch copy they reverse-apply, last first.
series_applied() {
	local dir=$1 scratch i ok=0
	shift
	scratch=$(mktemp -d "$dir.rev.XXXXXX")
	cp -a "$dir/." "$scratch/"
	for ((i = $#; i >= 1; i--)); do
		if ! git_apply_in "$scratch" -R "${!i}" 2>/dev/null; then
			ok=1
			break
		fi
	done
	# A tree with the series differs from what reverting it gives.
	if [ "$ok" = 0 ] && diff -rq "$dir/arch/x86/kvm" \
		"$scratch/arch/x86/kvm" >/dev/null; then
		ok=1
	fi
	rm -rf "$scratch"
	return "$ok"
}

# Make work tree $2 from pristine sources $1 and apply patches $3...:
# the KVM sources, an overlay of the headers the series changes, and a
# Makefile that builds from $(src) instead of $(srctree).
prepare_work_tree() {
	local pristine=$1 work=$2 f
	local -a headers=()
	shift 2
	[ -f "$work/.prepared" ] && return 0
	rm -rf "$work"
	mkdir -p "$work/arch/x86" "$work/virt" "$work/overlay"
	cp -a "$pristine/arch/x86/kvm" "$work/arch/x86/"
	cp -a "$pristine/virt/kvm" "$pristine/virt/lib" "$work/virt/"
	if [ $# -gt 0 ]; then
		mapfile -t headers < <(series_files "$@" | grep 'include/' || true)
		for f in "${headers[@]}"; do
			mkdir -p "$work/$(dirname "$f")"
			[ -f "$pristine/$f" ] && cp "$pristine/$f" "$work/$f"
		done
		if series_applied "$work" "$@"; then
			echo "${0##*/}: $pristine already has the series" >&2
		else
			for f in "$@"; do
				git_apply_in "$work" "$f" ||
					die "${f##*/} does not apply to $pristine"
			done
			if diff -rq "$pristine/arch/x86/kvm" \
				"$work/arch/x86/kvm" >/dev/null; then
				die "the series changed nothing in arch/x86/kvm"
			fi
		fi
		# Changed headers go to overlay/, searched before the headers
		# package.
		for f in "${headers[@]}"; do
			mkdir -p "$work/overlay/$(dirname "$f")"
			mv "$work/$f" "$work/overlay/$f"
		done
	fi
	# Every $(srctree)/arch/x86/kvm and $(srctree)/virt/kvm: the include
	# of virt/kvm/Makefile.kvm and, from 7.2 on, the grep of the sources
	# for unwanted exports.
	# shellcheck disable=SC2016 # make variables, not shell expansions
	sed -i -e 's|\$(srctree)/arch/x86/kvm|$(src)|g' \
	       -e 's|\$(srctree)/virt/kvm|$(src)/../../../virt/kvm|g' \
	       -e '1a include $(src)/../../../kbuild.mk' \
	       "$work/arch/x86/kvm/Makefile"
	cp "$(dirname "${BASH_SOURCE[0]}")/kbuild.mk" "$work/kbuild.mk"
	touch "$work/.prepared"
}

# shellcheck source-path=SCRIPTDIR source=kcache.sh
. "$(dirname "${BASH_SOURCE[0]}")/kcache.sh"
