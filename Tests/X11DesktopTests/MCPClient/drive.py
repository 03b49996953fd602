"""Drives `deskpilot mcp` with the official MCP Python SDK, the way any agent would.

    .mcp-venv/bin/python drive.py DESKPILOT DISPLAY [--http] [--base-url URL]
                                  [--policy FILE [--calls FILE]] [--secret NAME=ENV]

  (no option)     the fixture form flow over stdio: tools, a scaled screenshot, locate, click, Unicode typing,
                  locate_image, errors; with --base-url also run_task with progress notifications, with
                  --scenario FILE also run_scenario
  --http          the same flow over streamable HTTP: the script starts `deskpilot mcp --http 127.0.0.1:0`
                  itself, checks that requests without the token (or with a wrong one) get 401, then connects
  --policy FILE   under a safety policy: with --calls, each call of the JSON list
                  [{"step", "tool", "arguments", "answer": "accept"|"decline"}] in order, the policy's questions
                  answered through elicitation as the call says; without it, one click on Submit
  --secret N=ENV  type {{secret:N}} and an unknown secret
  --no-elicitation  a client that does not declare elicitation (cannot be asked to confirm)
  --cancel-task   start run_task, give up on it after 3 s (the SDK then sends notifications/cancelled), then call cursor
  --display-dies PGID  kill the display's X server (its process group) after one call, then call tools that need it

Prints one JSON object per line: what each call returned (text, structured content, whether it is an
error, the decoded image's size, the progress notifications, the questions asked). The Swift tests read
them and check the fixture app's event log.
"""

import argparse
import asyncio
import base64
import glob
import json
import os
import struct
import subprocess
import sys

import httpx2
from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


def report(**fields):
    print(json.dumps(fields), flush=True)


def png_size(data):
    # The IHDR chunk: width and height, big-endian, after the 8-byte signature and the chunk header.
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


class Driver:
    """One session's calls, each reported as a line."""

    def __init__(self):
        self.session = None
        self.answer = "decline"  # what the next elicitation is answered
        self.questions = []  # the elicitation messages of the current call

    async def elicit(self, context, params):
        self.questions.append(params.message)
        if self.answer == "accept":
            return types.ElicitResult(action="accept", content={"confirm": True})
        return types.ElicitResult(action="decline")

    async def call(self, step, name, arguments, answer="decline"):
        self.answer, self.questions = answer, []
        progress = []

        async def on_progress(value, total, message):
            progress.append({"progress": value, "total": total, "message": message})

        # Only notifications that arrive before the result reach the callback: the order is part of the test.
        result = (await self.session.call_tool(name, arguments, progress_callback=on_progress)).model_dump(by_alias=True, exclude_none=True)
        texts = [c["text"] for c in result.get("content", []) if c.get("type") == "text"]
        images = [png_size(base64.b64decode(c["data"])) for c in result.get("content", []) if c.get("type") == "image"]
        report(step=step, error=bool(result.get("isError")), text="\n".join(texts), images=images,
               structured=result.get("structuredContent"), progress=progress, questions=self.questions)
        return result

    async def tools(self):
        listed = await self.session.list_tools()
        # The protocol's own (camelCase) field names, whatever the SDK calls its attributes.
        tools = [tool.model_dump(by_alias=True, exclude_none=True) for tool in listed.tools]
        report(step="tools", tools={tool["name"]: tool for tool in tools})

    async def form(self, run_task, scenario=None):
        """The fixture form, driven as an agent would: look, find, click, type, and some bad calls."""
        await self.tools()
        await self.call("screenshot", "screenshot", {"max_dimension": 640})
        name = await self.call("locate_name", "locate_text", {"text": "Name"})
        label = name["structuredContent"]["matches"][0]
        # The field is to the right of its label.
        await self.call("click_field", "click", {"x": label["x"] + 300, "y": label["y"]})
        await self.call("type", "type", {"text": "Zoë Ünïcødé ✓ 東京"})
        submit = await self.call("locate_submit", "locate_text", {"text": "Submit"})
        button = submit["structuredContent"]["matches"][0]
        # A picture of the button, cut at scale 1 from a screenshot of its region, found again by locate_image.
        cut = await self.call("cut_submit", "screenshot", {"region": [button["x"] - 30, button["y"] - 12, 60, 24], "max_dimension": 4096})
        picture = next(c["data"] for c in cut["content"] if c.get("type") == "image")
        await self.call("locate_image", "locate_image", {"image": picture})
        if scenario:
            # A scenario file through the runner, on a display of its own; a progress notification per scenario.
            await self.call("run_scenario", "run_scenario", {"path": scenario})
            await self.call("missing_scenario", "run_scenario", {"path": scenario + ".nowhere"})
        if run_task:
            # Deskpilot's own agent submits the form (the stand-in model's plan clicks Submit), step by step.
            await self.call("run_task", "run_task", {"task": "Submit the form"})
        else:
            await self.call("click_submit", "click", {"x": button["x"], "y": button["y"]})
        await self.call("bad_key", "key", {"keys": ["ctrl+nosuchkey"]})
        await self.call("missing_text", "locate_text", {"text": "Nowhere To Be Seen"})
        await self.call("off_screen", "click", {"x": 99999, "y": 5})
        await self.call("unknown_tool", "teleport", {})
        await self.call("after_errors", "cursor", {})

    async def calls(self, path):
        with open(path) as file:
            for call in json.load(file):
                await self.call(call["step"], call["tool"], call["arguments"], call.get("answer", "decline"))


async def over_stdio(options, server_arguments, driver, flow):
    # The SDK passes a server only a few variables by default; a secret's variable must reach it.
    server = StdioServerParameters(command=options.deskpilot, args=server_arguments, env=dict(os.environ))
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write, elicitation_callback=driver.elicit if driver.asks else None) as session:
            opened = await session.initialize()
            report(step="initialize", instructions=opened.instructions)
            driver.session = session
            await flow()


async def over_http(options, server_arguments, driver, flow):
    token = "test-token-" + os.urandom(12).hex()
    environment = dict(os.environ, DESKPILOT_TEST_MCP_TOKEN=token)
    server = subprocess.Popen([options.deskpilot] + server_arguments + ["--http", "127.0.0.1:0", "--token-env", "DESKPILOT_TEST_MCP_TOKEN"],
                              env=environment, stderr=subprocess.PIPE, text=True)
    try:
        url = None
        for line in server.stderr:
            sys.stderr.write(line)
            if " at http://" in line:
                url = line.split(" at ")[1].split(";")[0].strip()
                break
        assert url, "the server printed no URL"
        # Anyone else on this machine: no token, a wrong one.
        initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                      "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "intruder", "version": "0"}}}
        headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
        async with httpx2.AsyncClient() as raw:
            bare = await raw.post(url, json=initialize, headers=headers)
            wrong = await raw.post(url, json=initialize, headers=dict(headers, Authorization="Bearer wrong-" + token))
        report(step="unauthorized", statuses=[bare.status_code, wrong.status_code], challenge=bare.headers.get("www-authenticate"),
               body=bare.text)
        if options.scenario:
            # A call that asks for progress, read as raw events: the notification travels on the call's own
            # stream, ahead of its result (not on the session's GET stream, where it could arrive after it).
            async with httpx2.AsyncClient(headers={"Authorization": "Bearer " + token}, timeout=120) as raw:
                opened = await raw.post(url, json=initialize, headers=headers)
                session = {"Mcp-Session-Id": opened.headers["mcp-session-id"], "MCP-Protocol-Version": "2025-06-18"}
                await raw.post(url, json={"jsonrpc": "2.0", "method": "notifications/initialized"}, headers=dict(headers, **session))
                call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                        "params": {"name": "run_scenario", "arguments": {"path": options.scenario}, "_meta": {"progressToken": "raw-1"}}}
                answered = await raw.post(url, json=call, headers=dict(headers, **session))
                events = [json.loads(line[len("data: "):]) for line in answered.text.splitlines() if line.startswith("data: {")]
                report(step="raw_call_stream", kinds=[e.get("method") or ("result" if "result" in e else "error") for e in events])
        client = create_mcp_http_client(headers={"Authorization": "Bearer " + token})
        async with client:
            async with streamable_http_client(url, http_client=client) as (read, write):
                async with ClientSession(read, write, elicitation_callback=driver.elicit if driver.asks else None) as session:
                    await session.initialize()
                    driver.session = session
                    await flow()
    finally:
        server.terminate()
        server.wait(timeout=30)
        report(step="server_exit", status=server.returncode)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("deskpilot")
    parser.add_argument("display")
    parser.add_argument("--http", action="store_true")
    parser.add_argument("--base-url")
    parser.add_argument("--policy")
    parser.add_argument("--calls")
    parser.add_argument("--secret")
    parser.add_argument("--scenario", help="also run this scenario file with run_scenario")
    parser.add_argument("--no-elicitation", action="store_true", help="a client that cannot be asked")
    parser.add_argument("--display-dies", type=int, metavar="PGID")
    parser.add_argument("--cancel-task", action="store_true")
    options = parser.parse_args()

    arguments = ["mcp", "--display", options.display]
    if options.policy:
        arguments += ["--policy", options.policy]
    if options.secret:
        arguments += ["--secret", options.secret]
    if options.base_url:
        arguments += ["--base-url", options.base_url, "--runs", os.environ.get("DESKPILOT_TEST_RUNS", "runs")]
    driver = Driver()
    driver.asks = not options.no_elicitation

    async def flow():
        if options.secret:
            # Type a secret by its placeholder, then name one that does not exist.
            name = options.secret.split("=")[0]
            await driver.call("typed_secret", "type", {"text": "{{secret:%s}}" % name})
            await driver.call("unknown_secret", "type", {"text": "{{secret:NOPE}}"})
        elif options.cancel_task:
            try:
                await driver.session.call_tool("run_task", {"task": "Wait a long time"}, read_timeout_seconds=3)
                report(step="run_task_cancelled", finished=True)
            except Exception as error:  # the SDK's timeout: it sends notifications/cancelled for the call
                report(step="run_task_cancelled", finished=False, error=type(error).__name__)
            # Still connected: the run must end now, on the cancellation alone (poll its record, 10 s at most).
            ended = False
            for _ in range(100):
                records = glob.glob(os.path.join(os.environ.get("DESKPILOT_TEST_RUNS", "runs"), "mcp-task-*", "trajectory.jsonl"))
                if records and '"event":"end"' in open(records[0]).read():
                    ended = True
                    break
                await asyncio.sleep(0.1)
            report(step="ended_while_connected", ended=ended)
            await driver.call("after_cancel", "cursor", {})
        elif options.display_dies:
            await driver.call("before", "cursor", {})
            os.killpg(options.display_dies, 9)
            for _ in range(100):  # until the server is gone (a poll with a deadline)
                if subprocess.run(["xdpyinfo", "-display", options.display], capture_output=True).returncode != 0:
                    break
                await asyncio.sleep(0.1)
            await driver.call("screenshot_after", "screenshot", {})
            await driver.call("click_after", "click", {"x": 5, "y": 5})
            await driver.call("still_serving", "cursor", {})
        elif options.calls:
            await driver.calls(options.calls)
        elif options.policy:
            # Under a policy that denies clicking "Submit": the click is refused, nothing is sent.
            submit = await driver.call("locate_submit", "locate_text", {"text": "Submit"})
            button = submit["structuredContent"]["matches"][0]
            await driver.call("denied_click", "click", {"x": button["x"], "y": button["y"]})
        else:
            await driver.form(run_task=bool(options.base_url), scenario=options.scenario)

    await (over_http if options.http else over_stdio)(options, arguments, driver, flow)


asyncio.run(main())
