"""python-telegram-bot's requests over aiohttp instead of httpx, for the Bot API calls we make.

httpx's connection pool (httpcore 1.0) looks at every connection, and asks the kernel whether
each idle one is still readable, each time a request starts or ends, and counts the idle
ones once per idle connection: the cost of a request grows with the square of the connections
open. With the outbox's 32 requests at once that was most of a message's CPU (a profile of a
3,000-message broadcast: `_assign_requests_to_connections` and the `getpeername` and `poll`
calls under it). aiohttp's pool hands a free connection over in constant time.

Errors are reported as python-telegram-bot's own, as its HTTPXRequest does: a timeout is
`TimedOut`, any other failure to talk to the server `NetworkError`; the answers (4xx, 429,
5xx) are read by `BaseRequest`, which raises `Forbidden`, `RetryAfter` and the others.
"""

from __future__ import annotations

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

CONNECTIONS = 256  # as python-telegram-bot's default pool
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` over one aiohttp session, opened by `initialize`, closed by `shutdown`."""

    __slots__ = ("_media_write_timeout", "_session", "_timeout")

    def __init__(self, timeout: float, *, media_write_timeout: float = 20.0) -> None:
        self._timeout = timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=CONNECTIONS),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        data: aiohttp.FormData | bytes | None = None
        headers = None
        if files:
            data = aiohttp.FormData(request_data.json_parameters if request_data else {})
            for name, (filename, content, mime_type) in files.items():
                data.add_field(name, content, filename=filename, content_type=mime_type)
        elif request_data is not None:
            # Encoded here: aiohttp would build a multipart writer (and a uuid) for a dict.
            data = request_data.url_encoded_parameters().encode()
            headers = FORM
        # aiohttp has no write timeout of its own: the whole call gets read + write time.
        read = self._timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        write = write_timeout
        if isinstance(write, DefaultValue):
            write = self._media_write_timeout if files else self._timeout
        connect = self._timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        total = None if read is None else read + (write or 0.0)
        timeout = aiohttp.ClientTimeout(total=total, sock_connect=connect)
        try:
            async with self._session.request(
                method, url, data=data, headers=headers, timeout=timeout
            ) as answer:
                return answer.status, await answer.read()
        except TimeoutError as error:  # aiohttp's timeouts are asyncio's
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
