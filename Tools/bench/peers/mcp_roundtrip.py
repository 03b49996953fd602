"""Times `deskpilot mcp` tool calls from the official MCP Python SDK, as an agent on the same machine sees them.

    .mcp-venv/bin/python mcp_roundtrip.py DESKPILOT DISPLAY --click X,Y [--samples N] [--http]

Starts the server (over stdio, or with --http on 127.0.0.1 with a token), initializes one session, then
times N `click` calls at the point and N `screenshot` calls at the default size, each from the call to its
result, after two untimed calls of each. Prints one JSON line per series, in deskpilot-bench's format.
"""

import argparse
import asyncio
import json
import os
import subprocess
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


async def measure(session, options, transport):
    x, y = (int(v) for v in options.click.split(","))
    for name, tool, arguments in [("click", "click", {"x": x, "y": y}), ("screenshot, default size", "screenshot", {})]:
        samples = []
        for index in range(options.samples + 2):
            start = time.perf_counter()
            result = await session.call_tool(tool, arguments)
            elapsed = (time.perf_counter() - start) * 1000
            assert not result.is_error, result
            if index >= 2:
                samples.append(elapsed)
        size = None
        if tool == "screenshot":
            size = sum(len(c.data) for c in result.content if c.type == "image") * 3 // 4
        print(json.dumps({"group": "mcp", "name": f"MCP {name} round trip, Python SDK over {transport}", "samples_ms": samples,
                          **({"bytes": size} if size else {})}), flush=True)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("deskpilot")
    parser.add_argument("display")
    parser.add_argument("--click", required=True)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--http", action="store_true")
    options = parser.parse_args()
    arguments = ["mcp", "--display", options.display]
    if not options.http:
        server = StdioServerParameters(command=options.deskpilot, args=arguments, env=dict(os.environ))
        async with stdio_client(server) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                await measure(session, options, "stdio")
        return
    token = os.urandom(16).hex()
    process = subprocess.Popen([options.deskpilot] + arguments + ["--http", "127.0.0.1:0", "--token-env", "BENCH_MCP_TOKEN"],
                               env=dict(os.environ, BENCH_MCP_TOKEN=token), stderr=subprocess.PIPE, text=True)
    try:
        url = next(line.split(" at ")[1].split(";")[0].strip() for line in process.stderr if " at http://" in line)
        async with create_mcp_http_client(headers={"Authorization": "Bearer " + token}) as client:
            async with streamable_http_client(url, http_client=client) as (read, write):
                async with ClientSession(read, write) as session:
                    await session.initialize()
                    await measure(session, options, "HTTP")
    finally:
        process.terminate()
        process.wait(timeout=30)


asyncio.run(main())
