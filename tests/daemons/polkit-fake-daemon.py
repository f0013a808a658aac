#!/usr/bin/python3
# A fake daemon for test-daemon-polkit.sh: answers AUTH_LIST and AUTH_POLKIT as told and logs the procedures its clients call.
#
# usage: polkit-fake-daemon.py SOCKET LOG TYPES POLKIT
# TYPES is AUTH_LIST's answer, comma-separated ("1", "2", "" for none);
# POLKIT is AUTH_POLKIT's: "complete", "incomplete" or
# "error:CODE:DOMAIN:MESSAGE". Any other call gets an error. LOG gets each
# call's procedure number on a line. Serves one client at a time until
# killed.

import os
import socket
import struct
import sys

REMOTE_PROGRAM = 0x20008086
REPLY = 1
STATUS_OK = 0
STATUS_ERROR = 1


def recv_exactly(conn, count):
    data = b''
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def xdr_string(text):
    data = text.encode()
    return struct.pack('>I', len(data)) + data + b'\0' * (-len(data) % 4)


def remote_error(code, domain, message):
    # code, domain, message, level, dom, str1..3, int1, int2, net
    return (struct.pack('>ii', code, domain) + struct.pack('>i', 1) + xdr_string(message) +
            struct.pack('>iiiiiiii', 2, 0, 0, 0, 0, 0, 0, 0))


def answer(types, polkit, procedure):
    if procedure == 66:
        return STATUS_OK, struct.pack('>I', len(types)) + b''.join(struct.pack('>i', t)
                                                                    for t in types)
    if procedure == 70 and polkit in ('complete', 'incomplete'):
        return STATUS_OK, struct.pack('>i', 1 if polkit == 'complete' else 0)
    if procedure == 70:
        _, code, domain, message = polkit.split(':', 3)
        return STATUS_ERROR, remote_error(int(code), int(domain), message)
    return STATUS_ERROR, remote_error(1, 7, 'the fake daemon serves no procedure %d' % procedure)


def serve(conn, log, types, polkit):
    while True:
        length = struct.unpack('>I', recv_exactly(conn, 4))[0]
        msg = recv_exactly(conn, length - 4)
        program, version, procedure, _, serial, _ = struct.unpack_from('>IIiiIi', msg)
        log.write('%d\n' % procedure)
        log.flush()
        status, payload = answer(types, polkit, procedure)
        body = struct.pack('>IIiiIi', program, version, procedure, REPLY, serial, status) + payload
        conn.sendall(struct.pack('>I', len(body) + 4) + body)


def main(argv):
    path, log_path, types_text, polkit = argv[1:5]
    types = [int(t) for t in types_text.split(',') if t]
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o666)
    listener.listen(8)
    with open(log_path, 'a') as log:
        while True:
            conn, _ = listener.accept()
            try:
                serve(conn, log, types, polkit)
            except (EOFError, ConnectionError):
                pass
            conn.close()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
