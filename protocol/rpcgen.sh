#!/bin/sh
# Runs rpcgen on a private copy of a .x file, so that generated C includes its header by bare name.
# usage: rpcgen.sh RPCGEN -h|-c INPUT.x OUTPUT
set -eu

rpcgen=$1
mode=$2
input=$3
output=$4

outdir=$(dirname "$output")
name=$(basename "$output")
base=$(basename "$input")

# rpcgen derives the name of the header that the C file includes from its
# input path; the -h and -c runs of one .x may run at once, so each works in
# its own directory.
work=$(mktemp -d "$outdir/.rpcgen.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$input" "$work/$base"
(cd "$work" && "$rpcgen" "$mode" -o "$name" "$base")
mv "$work/$name" "$output"
