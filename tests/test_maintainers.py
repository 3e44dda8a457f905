"""What a maintainer relies on: valid workflows, an editor mapping to the schema, tidy YAML, helpers that work."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO, build_site, read_page


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), cwd=REPO, capture_output=True, text=True)


def test_github_workflows_are_valid():
    workflows = sorted(str(p) for p in (REPO / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    result = run(sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_corpus_and_workflow_yaml_pass_yamllint():
    result = run(sys.executable, "-m", "yamllint", "--strict", "corpus", ".github", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout


def test_the_editor_maps_corpus_files_to_the_schema_that_exists():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (REPO / schema).is_file()
    for path in (REPO / "corpus" / "documents").glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema/document.schema.json")


def test_text_to_body_turns_numbered_text_into_a_valid_body(tmp_path):
    text = tmp_path / "plan.txt"
    text.write_text("I. MỤC ĐÍCH\n1. Mục đích\n- Nâng cao nhận thức.\nII. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\n", encoding="utf-8")
    result = run(sys.executable, "scripts/text_to_body.py", str(text))
    assert result.returncode == 0, result.stderr
    assert "  - id: i-1-p1\n" in result.stdout and "marker: II." in result.stdout


NEW_PLAN_TEXT = """Thực hiện Chương trình hành động số 48-CTr/TU, Ủy ban nhân dân huyện ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Bảo vệ trẻ em trên địa bàn huyện.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Y tế
- Chủ trì khám sức khỏe định kỳ cho trẻ em dưới 6 tuổi.
- Phối hợp với Phòng Giáo dục và Đào tạo kiểm tra bếp ăn bán trú.
"""


NEW_PLAN_TITLE = "Thực hiện Chỉ thị số 28-CT/TW về chăm sóc, giáo dục và bảo vệ trẻ em"


def new_plan(corpus: Path, *extra: str) -> subprocess.CompletedProcess:
    return run(
        sys.executable, "scripts/new_plan.py", "--corpus", str(corpus),
        "--number", "150/KH-UBND", "--issuer", "Ủy ban nhân dân huyện Tam Đường", "--date", "2024-07-01",
        "--locality", "tam-duong", "--parent", "lai-chau-48-ctr-tu-2024",
        "--title", NEW_PLAN_TITLE, *extra,
    )


def text_and_source(tmp_path: Path, text: str) -> list[str]:
    """--text and --source as a maintainer gives them: the restored body, and the document as published, whose
    title the body leaves out."""
    restored, source = tmp_path / "toan-van.txt", tmp_path / "ban-goc.txt"
    restored.write_text(text, encoding="utf-8")
    source.write_text(f"KẾ HOẠCH\n{NEW_PLAN_TITLE}\n{text}", encoding="utf-8")
    return ["--text", str(restored), "--source", str(source)]


def test_a_new_plan_added_through_the_scaffold_appears_across_the_site(tmp_path, corpus_copy):
    result = new_plan(corpus_copy, *text_and_source(tmp_path, NEW_PLAN_TEXT))
    assert result.returncode == 0, result.stderr
    created = corpus_copy / "documents" / "tam-duong-150-kh-ubnd-2024.yaml"
    assert created.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema/document.schema.json")
    assert (corpus_copy / "sources" / "tam-duong-150-kh-ubnd-2024.txt").read_bytes() == (tmp_path / "ban-goc.txt").read_bytes()

    site = tmp_path / "site"
    build = build_site(site, corpus_copy, search=False)
    assert build.returncode == 0, build.stderr
    page = read_page(site, "van-ban/tam-duong-150-kh-ubnd-2024")
    assert "150/KH-UBND" in page and 'id="ii-1-p1"' in page
    parent = read_page(site, "van-ban/lai-chau-48-ctr-tu-2024")
    assert 'href="../tam-duong-150-kh-ubnd-2024/"' in parent.split('id="duoc-thuc-hien-boi"', 1)[1].split("<h2", 1)[0]
    agency = read_page(site, "co-quan/phong-y-te")
    assert "Chủ trì khám sức khỏe định kỳ cho trẻ em dưới 6 tuổi." in agency
    assert 'href="../../van-ban/tam-duong-150-kh-ubnd-2024/#ii-1-p1"' in agency
    for locality in ("tam-duong", "lai-chau"):
        assert 'href="../../van-ban/tam-duong-150-kh-ubnd-2024/"' in read_page(site, f"dia-phuong/{locality}")


def test_the_scaffold_refuses_a_plan_that_is_already_in_the_corpus(corpus_copy):
    assert new_plan(corpus_copy).returncode == 0
    again = new_plan(corpus_copy)
    assert again.returncode == 1
    assert "Không tạo văn bản: số 150/KH-UBND của Ủy ban nhân dân huyện Tam Đường ngày 01/07/2024 đã có trong kho" in again.stderr


def test_the_same_number_and_issuer_on_another_date_is_another_document(tmp_path, corpus_copy):
    """Numbers restart with each term: number + issuer + date identifies a document, not the year."""
    assert new_plan(corpus_copy).returncode == 0
    result = new_plan(corpus_copy, "--date", "2024-12-20")
    assert result.returncode == 0, result.stderr
    created = corpus_copy / "documents" / "tam-duong-150-kh-ubnd-2024-12-20.yaml"
    assert created.exists()
    # Most often the same plan typed twice: the maintainer is told of the other, by id.
    assert "Lưu ý: kho đã có văn bản cùng số, cùng cơ quan ban hành, khác ngày: 'tam-duong-150-kh-ubnd-2024'" in result.stderr
    check = run(sys.executable, "scripts/build_pages.py", "--check", "--corpus", str(corpus_copy))
    assert check.returncode == 0, check.stderr


def test_the_scaffold_names_the_file_of_an_id_already_taken_so_that_it_opens_from_the_terminal(corpus_copy):
    """A third plan of one number and date from another issuer would take the id the second one took (its
    date added): the refusal names that file as problems name files, here absolute (run from the repository)."""
    issuers = ("Ủy ban nhân dân huyện Tam Đường", "Ban Chỉ đạo huyện Tam Đường", "Hội đồng nhân dân huyện Tam Đường")
    results = [new_plan(corpus_copy, "--issuer", issuer) for issuer in issuers]
    assert [result.returncode for result in results] == [0, 0, 1], results[-1].stderr
    taken = (corpus_copy / "documents" / "tam-duong-150-kh-ubnd-2024-07-01.yaml").resolve()
    assert f"id 'tam-duong-150-kh-ubnd-2024-07-01' đã có trong kho ({taken}): văn bản này đã được thêm?" in results[-1].stderr


def test_the_scaffold_refuses_an_unknown_parent(corpus_copy):
    result = run(sys.executable, "scripts/new_plan.py", "--corpus", str(corpus_copy), "--number", "1/KH-UBND",
                 "--issuer", "UBND", "--date", "2024-07-01", "--locality", "tam-duong", "--parent", "khong-co", "--title", "x")
    assert result.returncode == 1
    assert "văn bản cấp trên 'khong-co' không có trong kho" in result.stderr


def test_pre_commit_passes_on_every_tracked_file():
    if not (REPO / ".git").exists():
        import pytest

        pytest.skip("not a git checkout")
    result = run(sys.executable, "-m", "pre_commit", "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_document_of_a_central_body_is_created_with_no_locality(corpus_copy):
    result = run(sys.executable, "scripts/new_plan.py", "--corpus", str(corpus_copy), "--number", "1234/QĐ-TTg",
                 "--issuer", "Thủ tướng Chính phủ", "--date", "2024-06-01", "--locality", "trung-uong",
                 "--parent", "trung-uong-28-ct-tw-2023", "--title", "Phê duyệt Chương trình", "--type", "decision")
    assert result.returncode == 0, result.stderr
    created = corpus_copy / "documents" / "trung-uong-1234-qd-ttg-2024.yaml"
    text = created.read_text(encoding="utf-8")
    assert "level: central" in text and "locality:" not in text and "place:" not in text


def test_the_scaffold_refuses_a_number_zero_and_writes_nothing(corpus_copy):
    before = sorted((corpus_copy / "documents").iterdir())
    result = new_plan(corpus_copy, "--number", "0/KH-UBND")
    assert result.returncode == 1
    assert "số hiệu '0/KH-UBND' có số thứ tự 0" in result.stderr and "Traceback" not in result.stderr
    assert sorted((corpus_copy / "documents").iterdir()) == before


def test_a_scaffold_the_corpus_would_refuse_is_not_written_and_its_problem_is_shown(tmp_path, corpus_copy):
    result = new_plan(corpus_copy, "--title", "", *text_and_source(tmp_path, NEW_PLAN_TEXT))
    assert result.returncode == 1
    assert "tam-duong-150-kh-ubnd-2024.yaml:" in result.stderr and "title: không được để trống" in result.stderr
    assert not (corpus_copy / "documents" / "tam-duong-150-kh-ubnd-2024.yaml").exists()
    assert not (corpus_copy / "sources" / "tam-duong-150-kh-ubnd-2024.txt").exists()


def test_the_scaffold_refuses_a_text_its_source_does_not_hold_and_writes_nothing(tmp_path, corpus_copy):
    flags = text_and_source(tmp_path, NEW_PLAN_TEXT)
    invented = "- Tổ chức hội nghị trực tuyến lấy ý kiến rộng rãi của phụ huynh và học sinh toàn huyện.\n"
    (tmp_path / "toan-van.txt").write_text(NEW_PLAN_TEXT + invented, encoding="utf-8")
    result = new_plan(corpus_copy, *flags)
    assert result.returncode == 1
    assert "toàn văn không khớp với bản nguồn" in result.stderr and "hội nghị trực tuyến" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (corpus_copy / "documents" / "tam-duong-150-kh-ubnd-2024.yaml").exists()
    assert not (corpus_copy / "sources" / "tam-duong-150-kh-ubnd-2024.txt").exists()


def test_files_the_scaffold_cannot_read_get_a_message_and_nothing_is_written(tmp_path, corpus_copy):
    flags = text_and_source(tmp_path, NEW_PLAN_TEXT)
    latin = tmp_path / "ban-goc-latin1.txt"
    latin.write_bytes(f"KẾ HOẠCH\n{NEW_PLAN_TITLE}\n{NEW_PLAN_TEXT}".encode("cp1258", errors="replace"))
    cases = {
        "--source": (flags[:3] + [str(latin)], "không phải văn bản UTF-8"),
        "--text": (["--text", str(tmp_path / "khong-co.txt"), "--source", flags[3]], "không đọc được"),
        "--summary": (["--summary", str(tmp_path / "khong-co.txt"), "--summary-source", "Báo Lai Châu",
                       "--summary-title", "Tin", "--summary-date", "2024-07-02"], "không đọc được"),
    }
    for option, (extra, message) in cases.items():
        result = new_plan(corpus_copy, *extra)
        assert result.returncode == 1, option
        assert option in result.stderr and message in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert not (corpus_copy / "documents" / "tam-duong-150-kh-ubnd-2024.yaml").exists(), option
        assert not (corpus_copy / "sources" / "tam-duong-150-kh-ubnd-2024.txt").exists(), option


def test_a_title_the_source_does_not_print_is_accepted_when_a_note_quotes_it(tmp_path, corpus_copy):
    """A portal that publishes only the body: the title comes from the page's heading, and the note says so."""
    restored = tmp_path / "toan-van.txt"
    restored.write_text(NEW_PLAN_TEXT, encoding="utf-8")
    refused = new_plan(corpus_copy, "--text", str(restored), "--source", str(restored))
    assert refused.returncode == 1 and "chữ không có trong bản nguồn, title" in refused.stderr
    note = f'Bản nguồn là phần nội dung trang tin đăng; trích yếu "{NEW_PLAN_TITLE}" lấy từ tiêu đề trang.'
    result = new_plan(corpus_copy, "--text", str(restored), "--source", str(restored), "--note", note)
    assert result.returncode == 0, result.stderr
    assert note in (corpus_copy / "documents" / "tam-duong-150-kh-ubnd-2024.yaml").read_text(encoding="utf-8")


def test_the_scaffold_names_every_item_whose_agency_it_does_not_recognise(tmp_path, corpus_copy):
    extra = "2. Ban Quản lý dự án đầu tư xây dựng huyện\n- Chủ trì sửa chữa trường học.\n"
    result = new_plan(corpus_copy, *text_and_source(tmp_path, NEW_PLAN_TEXT + extra))
    assert result.returncode == 0, result.stderr
    assert "Chưa nhận ra cơ quan ở mục ii-2 («Ban Quản lý dự án đầu tư xây dựng huyện»)" in result.stderr
    assert "ii-1" not in result.stderr  # Phòng Y tế is recognised


def test_the_scaffold_takes_a_party_body_s_line_from_its_name_so_a_number_typed_the_state_s_way_is_caught(tmp_path, corpus_copy):
    """A Party committee's number is `150-KH/HU`; typed the State's way, the scaffold made the plan a State one
    from it, and the check then saw nothing wrong. The name says Party: the number is told to be rewritten."""
    def scaffold(number: str) -> subprocess.CompletedProcess:
        return run(sys.executable, "scripts/new_plan.py", "--corpus", str(corpus_copy), "--number", number,
                   "--issuer", "Ban Thường vụ Huyện ủy Tam Đường", "--date", "2024-07-01", "--locality", "tam-duong",
                   "--parent", "lai-chau-48-ctr-tu-2024", "--title", NEW_PLAN_TITLE, "--metadata-only")

    refused = scaffold("150/KH-HU")
    assert refused.returncode == 1 and "văn bản Đảng viết 150-KH/HU" in refused.stderr, refused.stderr
    assert not list((corpus_copy / "documents").glob("tam-duong-150-*"))
    created = scaffold("150-KH/HU")
    assert created.returncode == 0, created.stderr
    written = yaml.safe_load((corpus_copy / "documents" / "tam-duong-150-kh-hu-2024.yaml").read_text(encoding="utf-8"))
    assert written["issuer"]["line"] == "party"


def test_the_scaffold_run_without_a_terminal_names_every_missing_option_at_once(corpus_copy):
    result = subprocess.run([sys.executable, "scripts/new_plan.py", "--corpus", str(corpus_copy), "--number", "1/KH-UBND"],
                            cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert result.returncode == 2
    assert "thiếu --issuer, --date, --locality, --parent, --title" in result.stderr, result.stderr


def test_the_scaffold_stops_cleanly_when_its_questions_get_no_answer(corpus_copy):
    """Asked on a terminal, Ctrl-D ends the questions: a short message, no traceback, no file."""
    import os
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "scripts/new_plan.py", "--corpus", str(corpus_copy)], cwd=REPO,
                               stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    os.close(follower)
    os.write(leader, b"\x04")  # end of input, as the terminal sends it
    _, stderr = process.communicate(timeout=60)
    os.close(leader)
    assert process.returncode == 1
    assert "Đã dừng: chưa tạo tệp nào." in stderr and "Traceback" not in stderr
    assert not list((corpus_copy / "documents").glob("*-2024-*.yaml"))


def test_the_scaffold_reads_the_type_from_the_number_and_asks_when_the_number_names_none(corpus_copy):
    joint = new_plan(corpus_copy, "--number", "01/QCPH-UBND-MTTQ")
    assert joint.returncode == 0, joint.stderr
    assert "type: coordination-rules" in (corpus_copy / "documents" / "tam-duong-01-qcph-ubnd-mttq-2024.yaml").read_text(encoding="utf-8")
    letter = new_plan(corpus_copy, "--number", "1234/UBND-VX")
    assert letter.returncode == 1
    assert "số hiệu 1234/UBND-VX không cho biết loại văn bản: ghi --type" in letter.stderr
    mismatch = new_plan(corpus_copy, "--number", "77/KH-UBND", "--type", "guidance")
    assert mismatch.returncode == 1
    assert "type: loại 'guidance' (Hướng dẫn) không khớp với chữ viết tắt 'KH'" in mismatch.stderr


def test_the_scaffold_refuses_a_summary_without_its_origin_and_writes_nothing(tmp_path, corpus_copy):
    summary = tmp_path / "tom-tat.txt"
    summary.write_text("Huyện giao Phòng Y tế khám sức khỏe cho trẻ em.\n", encoding="utf-8")
    before = sorted((corpus_copy / "documents").iterdir())
    result = new_plan(corpus_copy, "--summary", str(summary), "--summary-source", "Báo Lai Châu")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("Không tạo văn bản: tóm tắt cần nói rõ nó từ đâu; thiếu: --summary-title (tên bài, tên báo cáo), "
            "--summary-date (ngày đăng: YYYY-MM-DD, YYYY-MM hoặc YYYY)") in result.stderr
    both = new_plan(corpus_copy, "--summary", str(summary), "--text", str(summary), "--source", str(summary))
    assert both.returncode == 1 and "chọn một: --text (toàn văn), --summary (tóm tắt của người khác) hoặc --metadata-only" in both.stderr
    # A date written the Vietnamese way: the file the corpus would refuse is not written, and the problem is shown.
    misdated = new_plan(corpus_copy, "--summary", str(summary), "--summary-source", "Báo Lai Châu",
                        "--summary-title", "Tam Đường triển khai", "--summary-date", "05/07/2024")
    assert misdated.returncode == 1 and "Traceback" not in misdated.stderr
    assert "tam-duong-150-kh-ubnd-2024.yaml:" in misdated.stderr and "sources[0].date: giá trị \"05/07/2024\" sai định dạng" in misdated.stderr
    assert sorted((corpus_copy / "documents").iterdir()) == before


def test_the_scaffold_recognises_an_agency_written_with_the_rest_of_its_name_in_lower_case(tmp_path, corpus_copy):
    """Plans write an agency's name with its first capital and the rest either way ('Phòng Giáo dục và đào
    tạo', 'Ban Tuyên giáo huyện ủy'); a name with no capital after its first word is not one ('phòng y tế' of a
    school), which tests/test_deadlines.py shows."""
    extra = "2. Phòng Giáo dục và đào tạo\n- Chủ trì sửa chữa trường học.\n3. Ban Tuyên giáo huyện ủy\n- Phối hợp tuyên truyền.\n"
    result = new_plan(corpus_copy, *text_and_source(tmp_path, NEW_PLAN_TEXT + extra))
    assert result.returncode == 0, result.stderr
    assert "Chưa nhận ra cơ quan" not in result.stderr
    written = (corpus_copy / "documents" / "tam-duong-150-kh-ubnd-2024.yaml").read_text(encoding="utf-8")
    assert "agency: phong-giao-duc-va-dao-tao" in written and "agency: ban-tuyen-giao" in written


def test_the_scaffold_suggests_request_for_what_the_plan_asks_of_a_body_outside_its_command(tmp_path, corpus_copy):
    """CONTRIBUTING, "Vai trò": "đề nghị" → request, for the item and every task under it."""
    extra = ("2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện\n- Tuyên truyền, vận động nhân dân.\n"
             "3. Ủy ban Mặt trận Tổ quốc Việt Nam huyện\n- Đề nghị giám sát việc thực hiện.\n"
             "4. Đề nghị Hội Liên hiệp Phụ nữ huyện chủ trì vận động các gia đình chăm sóc trẻ em.\n")
    result = new_plan(corpus_copy, *text_and_source(tmp_path, NEW_PLAN_TEXT + extra))
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load((corpus_copy / "documents" / "tam-duong-150-kh-ubnd-2024.yaml").read_text(encoding="utf-8"))
    roles = {item["node"]: item["role"] for item in written["responsibilities"] if item["agency"] in ("uy-ban-mttq", "hoi-lien-hiep-phu-nu")}
    # Asked to lead is still asked: the body is outside the issuer's command.
    assert roles == {"ii-2-p1": "request", "ii-3-p1": "request", "ii-4": "request"}, roles


def test_a_source_that_prints_a_masthead_and_a_signature_is_taken_with_them_and_told_how_when_they_are_missing(tmp_path, corpus_copy):
    """A source as issued prints the issuer, the number, the place and date above the text and a signature block
    below it: the scaffold takes those lines, restored, each as printed; without them it says how to give them."""
    restored, source = tmp_path / "toan-van.txt", tmp_path / "ban-goc.txt"
    restored.write_text(NEW_PLAN_TEXT, encoding="utf-8")
    masthead = ["ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG", "Số: 150/KH-UBND", "Tam Đường, ngày 01 tháng 7 năm 2024"]
    signature = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    source.write_text("\n\n".join(["UY BAN NHAN DAN HUYEN TAM DUONG", "So: 150/KH-UBND", "Tam Duong, ngay 01 thang 7 nam 2024",
                                   f"KẾ HOẠCH\n{NEW_PLAN_TITLE}", NEW_PLAN_TEXT,
                                   "TM. UY BAN NHAN DAN", "KT. CHU TICH", "PHO CHU TICH", "Nguyen Van An"]), encoding="utf-8")
    refused = new_plan(corpus_copy, "--text", str(restored), "--source", str(source))
    assert refused.returncode == 1 and "mất chữ của bản nguồn" in refused.stderr
    assert "bằng --masthead, khối chữ ký bằng --signature" in refused.stderr
    given = [flag for line in masthead for flag in ("--masthead", line)] + [flag for line in signature for flag in ("--signature", line)]
    result = new_plan(corpus_copy, "--text", str(restored), "--source", str(source), "--signer", "Nguyễn Văn An",
                      "--place", "Tam Đường", *given)
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load((corpus_copy / "documents" / "tam-duong-150-kh-ubnd-2024.yaml").read_text(encoding="utf-8"))
    assert written["masthead"] == masthead and written["signature"] == signature and written["recipients"] == []
    assert written["place"] == "Tam Đường"  # as given: the place printed beside the date


def test_the_scaffold_writes_no_place_it_was_not_given(corpus_copy):
    # The place printed beside the date is not always the locality's name (a district's plan may be dated at its
    # town): none is written unless the maintainer gives it as printed.
    assert new_plan(corpus_copy).returncode == 0
    written = yaml.safe_load((corpus_copy / "documents" / "tam-duong-150-kh-ubnd-2024.yaml").read_text(encoding="utf-8"))
    assert "place" not in written
