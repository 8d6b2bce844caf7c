"""政策问答 PolicyQA chat: `python app.py [--host H] [--port P] [--share] [--admin-upload] ...`

A thin shell over `policyqa serve` (options and environment variables: `python app.py --help`): parse flags
and env, build or load the index and the assistant once, build the Gradio page, launch it on 127.0.0.1:7860.
"""

from policyqa_app.cli import serve

if __name__ == "__main__":
    serve(prog_name="app.py")
