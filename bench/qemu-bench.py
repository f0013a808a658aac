#!/usr/bin/python3
# The QEMU benchmarks' client: times virDomainCreate, defines and starts guests, through python3-libvirt (libvirt.so.0), the same client for modvirt-qemud and libvirtd.
#
# usage: qemu-bench.py start-time URI XML RUNS
#        qemu-bench.py define URI XML COUNT      (NAME in XML becomes g0000, g0001, ...)
#        qemu-bench.py start URI COUNT           (starts g0000 .. g{COUNT-1})
#        qemu-bench.py cleanup URI               (destroys and undefines every guest)
# Every wait is bounded; a failure exits with status 1 and says why.
import statistics
import sys
import time

import libvirt

WAIT_S = 60


def fail(msg):
    sys.stderr.write('qemu-bench.py: %s\n' % msg)
    sys.exit(1)


def wait_state(dom, state):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if dom.state()[0] == state:
            return
        time.sleep(0.02)
    fail("'%s' did not reach state %d within %d s" % (dom.name(), state, WAIT_S))


def start_time(uri, xml_path, runs):
    conn = libvirt.open(uri)
    with open(xml_path, encoding='utf-8') as f:
        dom = conn.defineXML(f.read().replace('NAME', 'bench-start'))
    # One untimed start: the daemon's first start may probe QEMU.
    dom.create()
    wait_state(dom, libvirt.VIR_DOMAIN_RUNNING)
    dom.destroy()
    wait_state(dom, libvirt.VIR_DOMAIN_SHUTOFF)
    samples = []
    for _ in range(runs):
        t0 = time.monotonic()
        dom.create()
        t1 = time.monotonic()
        # create() returns once QEMU runs the guest (after 'cont').
        if dom.state()[0] != libvirt.VIR_DOMAIN_RUNNING:
            fail('create() returned before the guest was running: state %r' % (dom.state(),))
        samples.append((t1 - t0) * 1000)
        dom.destroy()
        wait_state(dom, libvirt.VIR_DOMAIN_SHUTOFF)
    dom.undefine()
    print('runs=%d min_ms=%.1f median_ms=%.1f max_ms=%.1f samples=%s' % (
        runs, min(samples), statistics.median(samples), max(samples),
        ','.join('%.0f' % s for s in samples)))


def define(uri, xml_path, count):
    conn = libvirt.open(uri)
    with open(xml_path, encoding='utf-8') as f:
        template = f.read()
    t0 = time.monotonic()
    for i in range(count):
        conn.defineXML(template.replace('NAME', 'g%04d' % i))
    print('defined=%d seconds=%.2f' % (count, time.monotonic() - t0))


def start(uri, count):
    conn = libvirt.open(uri)
    t0 = time.monotonic()
    for i in range(count):
        conn.lookupByName('g%04d' % i).create()
    running = len(conn.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_RUNNING))
    print('started=%d running=%d seconds=%.2f' % (count, running, time.monotonic() - t0))
    if running < count:
        fail('only %d of %d guests are running' % (running, count))


def cleanup(uri):
    conn = libvirt.open(uri)
    for dom in conn.listAllDomains():
        if dom.isActive():
            dom.destroy()
        if dom.isPersistent():
            dom.undefine()


def main(argv):
    if len(argv) < 3:
        fail('usage: see the head of this file')
    cmd, uri = argv[1], argv[2]
    if cmd == 'start-time' and len(argv) == 5:
        start_time(uri, argv[3], int(argv[4]))
    elif cmd == 'define' and len(argv) == 5:
        define(uri, argv[3], int(argv[4]))
    elif cmd == 'start' and len(argv) == 4:
        start(uri, int(argv[3]))
    elif cmd == 'cleanup' and len(argv) == 3:
        cleanup(uri)
    else:
        fail('usage: see the head of this file')


if __name__ == '__main__':
    main(sys.argv)
