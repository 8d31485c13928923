# SPDX-License-Identifier: EUPL-1.2
"""A TCP proxy for the fault-injection tests, between a client and a real
hub: it passes TLS through untouched (it sees only bytes) and can, on
command from the test,

- delay every chunk in either direction (latency);
- throttle the hub's answers to N bytes a second;
- cut a connection after the hub has sent N bytes of its answer (mid-body);
- drop: accept connections and never pass a byte (a black hole);
- refuse: stop listening, so connecting fails (hub unreachable);
- lose: cut a fraction of the hub's answers (each chunk it sends) mid-way.

asyncio in a thread of its own; Python standard library only."""

import asyncio
import random
import socket
import threading


class FaultProxy:
    def __init__(self, upstream_port, upstream_host="127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
        self.delay = 0.0          # seconds per chunk, both ways
        self.throttle = 0         # bytes a second from the hub; 0 = no limit
        self.cut_after = None     # bytes of the hub's answer, then close both ends
        self.drop = False         # accept, read, never answer
        self.lose = 0.0           # chance that a chunk of an answer is cut mid-way
        self.random = random.Random(1)
        self.connections = 0
        self.cut = 0
        self._loop = asyncio.new_event_loop()
        self._server = None
        self._writers = set()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        # One port for the whole test, even while "unreachable".
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.listen()

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(10)

    def set_upstream_port(self, port):
        self.upstream = (self.upstream[0], port)

    def listen(self):
        async def start():
            if self._server is None:
                self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)
        self._call(start())

    def refuse(self):
        """Close the listening socket and every open connection: connecting is refused."""
        async def stop():
            if self._server is not None:
                self._server.close()
                await self._server.wait_closed()
                self._server = None
            for writer in list(self._writers):
                writer.transport.abort()
        self._call(stop())

    def reset_faults(self):
        self.delay, self.throttle, self.cut_after, self.drop, self.lose = 0.0, 0, None, False, 0.0

    def close(self):
        self.refuse()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    async def _handle(self, client_reader, client_writer):
        self.connections += 1
        self._writers.add(client_writer)
        if self.drop:
            try:
                while await client_reader.read(65536):
                    pass
            finally:
                self._writers.discard(client_writer)
                client_writer.transport.abort()
            return
        try:
            hub_reader, hub_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            self._writers.discard(client_writer)
            client_writer.transport.abort()
            return
        self._writers.add(hub_writer)
        cut_after = self.cut_after

        async def pipe(reader, writer, answer):
            sent = 0
            try:
                while True:
                    data = await reader.read(1024 if (answer and (self.throttle or cut_after is not None)) else 65536)
                    if not data:
                        break
                    if self.delay:
                        await asyncio.sleep(self.delay)
                    if answer and cut_after is None and self.lose > 0 and self.random.random() < self.lose:
                        writer.write(data[:self.random.randint(0, len(data) - 1)])
                        self.cut += 1
                        raise ConnectionResetError("lost by the proxy")
                    if answer and cut_after is not None and sent + len(data) > cut_after:
                        writer.write(data[:max(0, cut_after - sent)])
                        self.cut += 1
                        raise ConnectionResetError("cut by the proxy")
                    writer.write(data)
                    await writer.drain()
                    sent += len(data)
                    if answer and self.throttle:
                        await asyncio.sleep(len(data) / self.throttle)
            except (ConnectionError, OSError):
                pass
            finally:
                client_writer.transport.abort()
                hub_writer.transport.abort()

        try:
            await asyncio.gather(pipe(client_reader, hub_writer, False), pipe(hub_reader, client_writer, True))
        finally:
            self._writers.discard(client_writer)
            self._writers.discard(hub_writer)
