import pytest

from kg.errors import KgError
from kg.ingest import load_document

TEXT = "连云港市商务局关于电商工作的报告\n市商务局牵头，联合江苏财会职业学院共建连云港电商学院。\n"


def test_gb18030_file_reads_like_its_utf8_twin(tmp_path):
    (tmp_path / "u.txt").write_bytes(TEXT.encode("utf-8"))
    (tmp_path / "g.txt").write_bytes(TEXT.encode("gb18030"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    texts = {load_document(tmp_path / n).text for n in ("u.txt", "g.txt", "b.txt")}
    assert len(texts) == 1 and "江苏财会职业学院" in texts.pop()


def test_docx_reads_like_its_txt_twin(tmp_path):
    import docx
    d = docx.Document()
    for line in TEXT.strip().split("\n"):
        d.add_paragraph(line)
    d.save(tmp_path / "a.docx")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert load_document(tmp_path / "a.docx").text == load_document(tmp_path / "a.txt").text


def test_html_drops_markup_and_scripts(tmp_path):
    (tmp_path / "a.html").write_text(
        "<html><head><script>var x='市财政局';</script></head><body><p>市商务局牵头推进电商发展。</p></body></html>",
        encoding="utf-8")
    text = load_document(tmp_path / "a.html").text
    assert "市商务局牵头推进电商发展。" in text and "市财政局" not in text


@pytest.mark.parametrize("content,problem", [
    (b"", "empty"),
    (b"\x00\x01\x02\x03binary\x00", "binary"),
    (bytes(range(128, 256)) * 4, "not valid UTF-8"),
])
def test_bad_input_gives_one_line_naming_file_and_problem(tmp_path, content, problem):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(KgError) as err:
        load_document(f)
    msg = str(err.value)
    assert str(f) in msg and problem in msg and "\n" not in msg
