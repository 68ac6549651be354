from kg.normalize import normalize_text


def test_stray_spaces_between_chinese_are_removed():
    text = normalize_text("连云港方洋集 团与市政府负责同 志座谈。\n")
    assert "方洋集团" in text and "负责同志" in text


def test_spaces_between_chinese_and_digits_are_removed_but_english_kept():
    text = normalize_text("2024 年度完成 37 个项目，Hello World 保留。\n")
    assert "2024年度完成37个项目" in text
    assert "Hello World" in text


def test_hard_line_breaks_inside_a_sentence_are_rejoined():
    raw = ("为贯彻许省长调研指示要求，加快推进各项工作落地落实，结合我市实际，制定本工作举措并认真组织\n"
           "实施，确保取得实效。\n"
           "二、任务举措\n")
    text = normalize_text(raw)
    assert "认真组织实施，确保取得实效。" in text
    assert "\n二、任务举措" in text       # a heading is never glued to the line before


def test_page_numbers_and_running_headers_are_dropped():
    body = "市商务局牵头推进电商产业发展，建设一批重点项目并取得明显成效。\n"
    raw = "".join(f"连云港市人大常委会公报\n{body}{n}\n" for n in range(1, 6))
    text = normalize_text(raw)
    assert "公报" not in text
    assert not any(line.strip().isdigit() for line in text.splitlines())
    assert text.count("市商务局牵头") == 5


def test_width_forms_are_unified_where_meaning_is_kept():
    text = normalize_text("实现ＧＤＰ增长１２％,市商务局(牵头)负责。\n")
    assert "GDP增长12%" in text
    assert "，市商务局（牵头）负责" in text
