#!/bin/bash
# Compares tests/conf/{domain,network} cases with libvirt's own parser, run through virsh's test driver.
#
# usage: scripts/xml-oracle.sh [-k domain|network|all] [-d] [-j JOBS] [CASE.xml...]
#   -k  which kinds to run (default: all, i.e. domain and network)
#   -d  print the diff of each differing case (oracle '<', ours '>')
#   -j  cases run in parallel (default: number of CPUs)
#   CASE.xml  run only these input files (tests/conf/<kind>/NAME.xml)
#
# Each case is run in one virsh process, bounded by a timeout:
#   virsh -c test:///EMPTY-NODE "define F; dumpxml --inactive NAME"
#   virsh -c test:///EMPTY-NODE "net-define F; net-dumpxml NAME"
# (the test driver refuses net-dumpxml --inactive; a network only defined,
# never started, has no live state to leave out anyway.)
# EMPTY-NODE is a <node/> file, so that the test driver's built-in objects
# (domain 'test', network 'default') cannot clash with a case's name or UUID.
# The oracle's output is compared with NAME.out.xml (NAME.inactive.out.xml
# where it exists), or, when the case holds NAME.err, only the decision
# matters: both must refuse the document (the wording may differ).
#
# A developer tool, not a CI test: it needs virsh (libvirt 9.0, the version
# modvirt's XML layer follows) with the test driver, and xmllint.
#
# Normalisations (what the test driver adds on top of libvirt's parser,
# removed from the oracle's output only where the addition is certain):
#   N1  virsh's "Domain 'X' defined from F" / "Network X defined from F"
#       lines and the empty lines virsh prints are not XML and are dropped.
#   N2  the test driver names every <interface> without <target dev>
#       'testnetN' when it is defined (testDomainGenerateIfnames): a
#       <target dev='testnetN'/> line is dropped when the input has no
#       'testnet' in it.
#   N3  a document without <uuid> gets a random one from both parsers: the
#       <uuid> element is replaced by a placeholder on both sides when the
#       input has no <uuid> element.
#   N4  the test driver's default architecture is i686 (its .defArch and
#       the first guest in its capabilities); libvirt's real drivers, and
#       modvirt, pick the host's: when the input's <os><type> has no arch,
#       the oracle's arch='i686' becomes the host's architecture.
#   N5  the QEMU namespace (<qemu:commandline> and co.) is read by libvirt's
#       QEMU driver only; the test driver ignores it. For an input using
#       that namespace URI, the qemu: elements and xmlns:qemu are dropped
#       from our output, and a refusal of ours counts as the same decision
#       when modvirt-xml accepts the input without the namespace's elements
#       (needs python3 and a built modvirt-xml: $MODVIRT_XML, else
#       build*/tools/modvirt-xml).
#   N6  an <interface> without <mac> gets a random one from both parsers:
#       a <mac address> the input does not hold is replaced by a
#       placeholder on both sides.
# Not normalised, as modvirt follows the test driver there: the type of a
# <video> without one (also the implicit video of a <graphics>) is the
# driver's pick; the test driver's (cirrus, xen for Xen paravirt guests,
# vga on ppc64) is also the QEMU driver's for x86.

set -u

kinds=all
show_diff=0
jobs=$(nproc 2>/dev/null || echo 4)
while getopts 'k:dj:' opt; do
    case $opt in
    k) kinds=$OPTARG ;;
    d) show_diff=1 ;;
    j) jobs=$OPTARG ;;
    *) sed -n '4,8s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))

top=$(cd "$(dirname "$0")/.." && pwd)
for tool in virsh xmllint timeout; do
    command -v "$tool" >/dev/null || { echo "xml-oracle: $tool is needed" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/xml-oracle.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo '<node/>' > "$work/node.xml"
export XML_ORACLE_URI="test://$work/node.xml"
export XML_ORACLE_WORK=$work
export XML_ORACLE_TOP=$top
host_arch=$(uname -m)
case $host_arch in i?86) host_arch=i686 ;; amd64) host_arch=x86_64 ;; esac
export XML_ORACLE_HOST_ARCH=$host_arch
if [ -z "${MODVIRT_XML:-}" ]; then
    for m in "$top"/build*/tools/modvirt-xml; do
        [ -x "$m" ] && { MODVIRT_XML=$m; break; }
    done
fi
export MODVIRT_XML=${MODVIRT_XML:-}
export XML_ORACLE_QEMU_NS='http://libvirt.org/schemas/domain/qemu/1.0'

# without_qemu_ns IN OUT: IN with the QEMU namespace's elements removed.
without_qemu_ns() {
    python3 - "$1" "$2" <<'PY'
import sys
import xml.dom.minidom as md
doc = md.parse(sys.argv[1])
def strip(node):
    for child in list(node.childNodes):
        if child.nodeType == child.ELEMENT_NODE and \
           child.namespaceURI == 'http://libvirt.org/schemas/domain/qemu/1.0':
            node.removeChild(child)
        else:
            strip(child)
strip(doc)
open(sys.argv[2], 'w').write(doc.toxml())
PY
}
export -f without_qemu_ns

# one_case FILE: prints "RESULT kind/NAME" where RESULT is same, differ,
# oracle-only-error or ours-only-error; the details go to $work/NAME.kind.*
one_case() {
    local in=$1 kind base name out expected tag cmd_define cmd_dump
    kind=$(basename "$(dirname "$in")")
    base=${in%.xml}
    name=$(basename "$base")
    tag="$XML_ORACLE_WORK/$kind.$name"
    case $kind in
    domain) cmd_define=define; cmd_dump='dumpxml --inactive' ;;
    network) cmd_define=net-define; cmd_dump=net-dumpxml ;;
    *) return ;;
    esac

    local docname quoted
    docname=$(xmllint --xpath 'string(/*/name)' "$in" 2>/dev/null)
    # virsh's command-string syntax: single quotes, a quote as '\''
    quoted="'${docname//\'/\'\\\'\'}'"
    timeout 30 virsh -c "$XML_ORACLE_URI" \
        "$cmd_define '$in'; $cmd_dump $quoted" \
        > "$tag.raw" 2> "$tag.stderr" < /dev/null

    local oracle_ok=1 ours_ok=1
    if grep -q "Failed to define" "$tag.stderr" || ! grep -q ' defined from ' "$tag.raw"; then
        oracle_ok=0
    fi
    [ -e "$base.err" ] && ours_ok=0

    if [ $oracle_ok = 0 ] && [ $ours_ok = 0 ]; then
        echo "same $kind/$name"
        return
    fi
    if [ $oracle_ok = 0 ]; then
        { sed -n 's/^error: //p' "$tag.stderr" | grep -v '^Failed to define'; } > "$tag.why"
        echo "oracle-only-error $kind/$name"
        return
    fi
    if [ $ours_ok = 0 ]; then
        # N5
        if grep -q "$XML_ORACLE_QEMU_NS" "$in" && [ -n "$MODVIRT_XML" ] &&
           without_qemu_ns "$in" "$tag.noqemu.xml" 2>/dev/null &&
           "$MODVIRT_XML" validate "$tag.noqemu.xml" >/dev/null 2>&1; then
            echo "same $kind/$name"
            return
        fi
        cp "$base.err" "$tag.why"
        echo "ours-only-error $kind/$name"
        return
    fi

    expected=$base.out.xml
    [ -e "$base.inactive.out.xml" ] && expected=$base.inactive.out.xml

    # N1
    sed -e '/ defined from /d' -e '/^$/d' "$tag.raw" > "$tag.oracle"
    cp "$expected" "$tag.ours"
    # N2
    if ! grep -q testnet "$in"; then
        sed -i "/^ *<target dev='testnet[0-9]*'\/>$/d" "$tag.oracle"
    fi
    # N3
    if ! grep -q '<uuid>' "$in"; then
        sed -i '0,/<uuid>/s|<uuid>.*</uuid>|<uuid>(generated)</uuid>|' "$tag.oracle" "$tag.ours"
    fi
    # N4
    if [ "$kind" = domain ] && \
       [ -z "$(xmllint --xpath 'string(/domain/os/type/@arch)' "$in" 2>/dev/null)" ]; then
        sed -i "0,/^    <type arch='i686'/s/^\(    <type arch=\)'i686'/\1'$XML_ORACLE_HOST_ARCH'/" "$tag.oracle"
    fi
    # N5
    if [ "$kind" = domain ] && grep -q "$XML_ORACLE_QEMU_NS" "$in"; then
        sed -i -e '/^ *<\/\{0,1\}qemu:/d' -e "1s| xmlns:qemu='[^']*'||" "$tag.ours"
    fi

    # N6
    tr 'A-F' 'a-f' < "$in" | grep -o "<mac address='[^']*'" | sed "s/.*='//; s/'//" > "$tag.macs"
    for side in oracle ours; do
        awk -v macs="$tag.macs" '
            BEGIN { while ((getline m < macs) > 0) known[m] = 1 }
            match($0, /<mac address=.[0-9a-fA-F:]*./) {
                m = tolower(substr($0, RSTART + 14, RLENGTH - 15))
                if (!(m in known)) sub(/<mac address=.[0-9a-fA-F:]*./, "<mac address=(generated)")
            }
            { print }' "$tag.$side" > "$tag.$side.n" && mv "$tag.$side.n" "$tag.$side"
    done

    if diff "$tag.oracle" "$tag.ours" > "$tag.diff"; then
        echo "same $kind/$name"
    else
        echo "differ $kind/$name"
    fi
}
export -f one_case

files=()
if [ $# -gt 0 ]; then
    files=("$@")
else
    case $kinds in
    all) dirs="domain network" ;;
    domain|network) dirs=$kinds ;;
    *) echo "xml-oracle: unknown kind '$kinds'" >&2; exit 2 ;;
    esac
    for d in $dirs; do
        for f in "$top"/tests/conf/$d/*.xml; do
            case $f in *.out.xml) continue ;; esac
            files+=("$f")
        done
    done
fi

for f in "${files[@]}"; do
    case $f in *.out.xml) continue ;; esac
    case $f in /*) printf '%s\0' "$f" ;; *) printf '%s\0' "$PWD/$f" ;; esac
done | xargs -0 -n 1 -P "$jobs" bash -c 'one_case "$1"' _ | sort -k2 > "$work/results"

count() { grep -c "^$1 " "$work/results"; }
for result in differ oracle-only-error ours-only-error; do
    grep "^$result " "$work/results" | while read -r _ case; do
        echo "$result: $case"
        tag="$work/${case%%/*}.${case#*/}"
        case $result in
        differ) [ $show_diff = 1 ] && sed 's/^/    /' "$tag.diff" ;;
        *) [ $show_diff = 1 ] && sed 's/^/    /' "$tag.why" ;;
        esac
    done
done
echo "$(count same) same, $(count differ) differ, $(count oracle-only-error) oracle-only-error, $(count ours-only-error) ours-only-error"
[ "$(count same)" = "$(wc -l < "$work/results")" ]
