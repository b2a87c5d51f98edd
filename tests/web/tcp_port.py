"""A TCP port free on 127.0.0.1 now, for a server the test starts."""
import socket


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
