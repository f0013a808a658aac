#!/usr/bin/python3
# A raw RPC client for test-daemon-polkit.sh: runs the calls named on its command line on one connection and prints each answer on a line.
#
# usage: polkit-wire.py SOCKET CALL...
# CALL is list (66 AUTH_LIST), polkit (70 AUTH_POLKIT), feature (60
# CONNECT_SUPPORTS_FEATURE 10) or open (1 CONNECT_OPEN, null URI). A line
# reads "list 2", "polkit 1", "feature 1", "open ok", or, for an error
# reply, "polkit error CODE DOMAIN MESSAGE"; each ends with the seconds
# the answer took ("in 0.01").

import socket
import struct
import sys
import time

REMOTE_PROGRAM = 0x20008086
PROCEDURES = {'list': 66, 'polkit': 70, 'feature': 60, 'open': 1}


def recv_exactly(sock, count):
    data = b''
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError('the daemon hung up')
        data += chunk
    return data


def xdr_int(data, pos):
    return struct.unpack_from('>i', data, pos)[0], pos + 4


def call(sock, serial, procedure, payload):
    body = struct.pack('>IIiiIi', REMOTE_PROGRAM, 1, procedure, 0, serial, 0) + payload
    sock.sendall(struct.pack('>I', len(body) + 4) + body)
    while True:
        length = struct.unpack('>I', recv_exactly(sock, 4))[0]
        msg = recv_exactly(sock, length - 4)
        program, _, proc, _, got_serial, status = struct.unpack_from('>IIiiIi', msg)
        # Keepalive pings and events are not the answer.
        if program == REMOTE_PROGRAM and got_serial == serial and proc == procedure:
            return status, msg[24:]


def describe(name, status, payload):
    if status != 0:
        code, pos = xdr_int(payload, 0)
        domain, pos = xdr_int(payload, pos)
        present, pos = xdr_int(payload, pos)
        message = ''
        if present:
            size, pos = xdr_int(payload, pos)
            message = payload[pos:pos + size].decode()
        return '%s error %d %d %s' % (name, code, domain, message)
    if name == 'list':
        count, pos = xdr_int(payload, 0)
        return 'list ' + ' '.join(str(xdr_int(payload, pos + 4 * i)[0]) for i in range(count))
    if name == 'open':
        return 'open ok'
    return '%s %d' % (name, xdr_int(payload, 0)[0])


def main(argv):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(60)
    sock.connect(argv[1])
    for serial, name in enumerate(argv[2:], start=1):
        if name == 'feature':
            payload = struct.pack('>i', 10)
        elif name == 'open':
            payload = struct.pack('>ii', 0, 0)
        else:
            payload = b''
        start = time.monotonic()
        status, answer = call(sock, serial, PROCEDURES[name], payload)
        print('%s in %.2f' % (describe(name, status, answer), time.monotonic() - start), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
