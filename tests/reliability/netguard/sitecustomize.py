"""Network guard, loaded by Python at start-up when this folder is on PYTHONPATH (tests only).

Refuses every outbound connection, datagram and name lookup that is not loopback (127.0.0.0/8, ::1,
localhost, Unix sockets) and records each attempt, one JSON line each, in the file named by
``NETGUARD_LOG``: the no-network test runs the CLI under it and checks the record stays empty.
"""
import errno
import ipaddress
import json
import os
import socket

_LOG = os.environ.get("NETGUARD_LOG")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _record(kind, address):
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"pid": os.getpid(), "kind": kind, "address": repr(address)}) + "\n")


def _is_local(host):
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).split("%")[0].strip("[]")
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name that would need DNS


def _address_is_local(address):
    if not isinstance(address, tuple):  # AF_UNIX paths and abstract sockets stay on this machine
        return True
    return _is_local(address[0])


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_sendto = socket.socket.sendto
_getaddrinfo = socket.getaddrinfo


def connect(self, address):
    if not _address_is_local(address):
        _record("connect", address)
        raise ConnectionRefusedError(errno.ECONNREFUSED, f"netguard: outbound connection to {address!r} blocked")
    return _connect(self, address)


def connect_ex(self, address):
    if not _address_is_local(address):
        _record("connect_ex", address)
        return errno.ECONNREFUSED
    return _connect_ex(self, address)


def sendto(self, data, *args):
    if args and not _address_is_local(args[-1]):
        _record("sendto", args[-1])
        raise ConnectionRefusedError(errno.ECONNREFUSED, f"netguard: datagram to {args[-1]!r} blocked")
    return _sendto(self, data, *args)


def getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        _record("getaddrinfo", host)
        raise socket.gaierror(socket.EAI_NONAME, f"netguard: name lookup of {host!r} blocked")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.socket.sendto = sendto
socket.getaddrinfo = getaddrinfo
os.environ.setdefault("NETGUARD_ACTIVE", "1")
