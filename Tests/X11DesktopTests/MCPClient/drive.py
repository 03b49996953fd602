"""Drives `deskpilot mcp` over stdio with the official MCP Python SDK, the way any agent would.

    .mcp-venv/bin/python drive.py DESKPILOT DISPLAY [--policy FILE | --secret NAME=ENV]

Prints one JSON object per line: what each call returned (text, structured content, whether it is an
error, the decoded image's size). The Swift test (MCPServerTests) reads them and checks the fixture app.
"""

import asyncio
import base64
import json
import os
import struct
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def report(**fields):
    print(json.dumps(fields), flush=True)


def png_size(data):
    # The IHDR chunk: width and height, big-endian, after the 8-byte signature and the chunk header.
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


async def main(deskpilot, display, mode=None, value=None):
    policy = value if mode == "--policy" else None
    secret = value if mode == "--secret" else None
    arguments = ["mcp", "--display", display] + (["--policy", policy] if policy else []) + (["--secret", secret] if secret else [])
    # The SDK passes a server only a few variables by default; a secret's variable must reach it.
    server = StdioServerParameters(command=deskpilot, args=arguments, env=dict(os.environ))
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            listed = await session.list_tools()
            # The protocol's own (camelCase) field names, whatever the SDK calls its attributes.
            tools = [tool.model_dump(by_alias=True, exclude_none=True) for tool in listed.tools]
            report(step="tools", tools={tool["name"]: tool for tool in tools})

            async def call(step, name, arguments):
                result = (await session.call_tool(name, arguments)).model_dump(by_alias=True, exclude_none=True)
                texts = [c["text"] for c in result.get("content", []) if c.get("type") == "text"]
                images = [png_size(base64.b64decode(c["data"])) for c in result.get("content", []) if c.get("type") == "image"]
                report(step=step, error=bool(result.get("isError")), text="\n".join(texts), images=images,
                       structured=result.get("structuredContent"))
                return result

            if secret:
                # Type a secret by its placeholder, then name one that does not exist.
                name = secret.split("=")[0]
                await call("typed_secret", "type", {"text": "{{secret:%s}}" % name})
                await call("unknown_secret", "type", {"text": "{{secret:NOPE}}"})
                return

            if policy:
                # Under a policy that denies clicking "Submit": the click is refused, nothing is sent.
                submit = await call("locate_submit", "locate_text", {"text": "Submit"})
                button = submit["structuredContent"]["matches"][0]
                await call("denied_click", "click", {"x": button["x"], "y": button["y"]})
                return

            await call("screenshot", "screenshot", {"max_dimension": 640})
            name = await call("locate_name", "locate_text", {"text": "Name"})
            label = name["structuredContent"]["matches"][0]
            # The field is to the right of its label.
            await call("click_field", "click", {"x": label["x"] + 300, "y": label["y"]})
            await call("type", "type", {"text": "Zoë Ünïcødé ✓ 東京"})
            submit = await call("locate_submit", "locate_text", {"text": "Submit"})
            button = submit["structuredContent"]["matches"][0]
            # A picture of the button, cut at scale 1 from a screenshot of its region, found again by locate_image.
            cut = await call("cut_submit", "screenshot", {"region": [button["x"] - 30, button["y"] - 12, 60, 24], "max_dimension": 4096})
            picture = next(c["data"] for c in cut["content"] if c.get("type") == "image")
            await call("locate_image", "locate_image", {"image": picture})
            await call("click_submit", "click", {"x": button["x"], "y": button["y"]})
            await call("bad_key", "key", {"keys": ["ctrl+nosuchkey"]})
            await call("missing_text", "locate_text", {"text": "Nowhere To Be Seen"})
            await call("off_screen", "click", {"x": 99999, "y": 5})
            await call("unknown_tool", "teleport", {})
            await call("after_errors", "cursor", {})


asyncio.run(main(sys.argv[1], sys.argv[2], *(sys.argv[3:5] if len(sys.argv) > 4 else [])))
