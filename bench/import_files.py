"""Writes import files of the shapes that cost the most, for bench/import.sh.

  python3 bench/import_files.py zigzag MESSAGES [TEXT] > file.json   our export: a tree that forces a save before every other message
  python3 bench/import_files.py zigzag-bytes BYTES [MESSAGES]        the same, MESSAGES (19,000) filling BYTES
  python3 bench/import_files.py line BYTES > file.json               our export: one line of ~1 KB exchanges, BYTES in all
  python3 bench/import_files.py comb SPINE TEXT > file.json          ChatGPT: one prompt, a spine of SPINE assistant turns of
                                                                      TEXT characters with a leaf beside every one

The zigzag: a root with two branches that the file alternates between two messages at a time, so every other message
sits shallower than the one before it. Ids must follow the file, and a SaveChanges inserts a tree level by level, so
the import saves before every other message of it (Chatbot.Core/Import/InsertionOrder.cs).

The comb: every path from the prompt to a leaf is one answer joining every turn on it (ChatGptExchanges.cs), so the
answers hold SPINE² × TEXT / 2 characters from a file of about SPINE × (TEXT + 400) bytes.
"""

import json
import sys


def export(messages):
    return {
        "session": {"title": "bench", "started_at": "2026-11-20T10:00:00Z", "updated_at": "2026-11-20T10:00:00Z"},
        "messages": messages,
        "current_leaf": messages[-1]["id"],
    }


def message(index, parent, text):
    return {"id": index + 1, "parent": None if parent is None else parent + 1, "prompt": f"{index} {text}",
            "response": f"r{index} {text}", "created_at": "2026-11-20T10:00:00Z", "status": "complete"}


def zigzag_parent(index):
    # 0 -> 1 -> 2 is one branch, 0 -> 3 the other; then pairs: an odd message continues the branch of the pair before
    # last (shallower than the message just before it), the even one after it is its child.
    if index == 0:
        return None
    if index == 3:
        return 0
    return index - 1 if index <= 2 or index % 2 == 0 else index - 3


def zigzag(count, text="x" * 40):
    return export([message(index, zigzag_parent(index), text) for index in range(count)])


def zigzag_bytes(size, count=19_000):
    # As many messages as an import may create (ImportRules.MaxMessages), less a margin, with text to fill the size.
    bare = len(json.dumps(message(10_000, 9_998, ""), separators=(",", ":"))) + 1
    return zigzag(count, "x" * max(0, (size // count - bare) // 2))


def line(size):
    text = "lorem ipsum " * 40
    per_message = len(json.dumps(message(10_000, 9_999, text))) + 2
    return export([message(index, index - 1 if index else None, text) for index in range(size // per_message)])


def comb(spine, text_length):
    def node(key, parent, role, text):
        return {"id": key, "parent": parent, "children": [], "message": {
            "id": key, "author": {"role": role}, "create_time": 1700000000.0 + len(mapping),
            "content": {"content_type": "text", "parts": [text]}, "metadata": {"model_slug": "gpt-4o"}}}

    text = "y" * text_length
    mapping = {"root": {"id": "root", "parent": None, "children": [], "message": None}}
    mapping["u"] = node("u", "root", "user", "Tell me everything.")
    above = "u"
    for index in range(spine):
        mapping[f"s{index}"] = node(f"s{index}", above, "assistant", text)
        mapping[f"l{index}"] = node(f"l{index}", f"s{index}", "assistant", text)
        above = f"s{index}"
    return [{"title": "comb", "create_time": 1700000000.0, "update_time": 1700000000.0, "mapping": mapping,
             "current_node": f"l{spine - 1}"}]


shapes = {
    "zigzag": lambda args: zigzag(int(args[0]), *(["x" * int(args[1])] if len(args) > 1 else [])),
    "zigzag-bytes": lambda args: zigzag_bytes(*map(int, args)),
    "line": lambda args: line(int(args[0])),
    "comb": lambda args: comb(int(args[0]), int(args[1])),
}

if __name__ == "__main__":
    json.dump(shapes[sys.argv[1]](sys.argv[2:]), sys.stdout, separators=(",", ":"))
