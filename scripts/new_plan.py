#!/usr/bin/env python3
"""Create a new plan in the corpus from a few answers (flags, or questions when a flag is missing).

Example:
  python scripts/new_plan.py --number 150/KH-UBND --issuer "Ủy ban nhân dân huyện Tam Đường" \\
      --date 2024-07-01 --locality tam-duong --parent lai-chau-48-ctr-tu-2024 \\
      --title "Thực hiện Chỉ thị số 28-CT/TW ..." --text toan-van.txt --source ban-ocr.txt
Without --text the plan is recorded with its metadata only (--metadata-only says so outright); with --summary,
with someone else's summary (a news item, a report), which needs who wrote it, its title and its date:
  --summary tom-tat.txt --summary-source "Báo Lai Châu" --summary-title "..." --summary-date 2024-07-05 --summary-url URL
A metadata-only document whose tasks are known from a news item takes the same --summary-source, -title, -date
and -url without --summary. Refuses an id or number already in the corpus.
A document of a central body (a ministry, the Government, a Party central board) takes --locality trung-uong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from plansite.authoring.scaffold import Origin, PlanAnswers, ScaffoldError, create_plan
from plansite.corpus.check import DEFAULT_CORPUS, load_valid_corpus
from plansite.corpus.loader import registry_file
from plansite.corpus.problems import CorpusError

QUESTIONS = {
    "number": "Số hiệu, đúng như in (vd. 150/KH-UBND): ",
    "issuer": "Cơ quan ban hành (vd. Ủy ban nhân dân huyện Tam Đường): ",
    "date": "Ngày ban hành (YYYY-MM-DD): ",
    "locality": "Id địa phương trong corpus/localities.yaml (vd. tam-duong; cơ quan trung ương: trung-uong): ",
    "parent": "Id văn bản cấp trên (vd. lai-chau-48-ctr-tu-2024): ",
    "title": "Trích yếu (phần sau chữ KẾ HOẠCH): ",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    parser.add_argument("--number")
    parser.add_argument("--no-number", action="store_true", help="chưa biết số hiệu: không đặt số thay thế (cần --type, --line)")
    parser.add_argument("--line", choices=["party", "state", "front"], help="khối; mặc định theo tên cơ quan ban hành (cấp ủy, loại cơ quan đã biết), rồi theo số hiệu")
    parser.add_argument("--issuer")
    parser.add_argument("--co-issuer", action="append", default=[],
                        help="cơ quan cùng ban hành văn bản liên tịch, phối hợp; lặp lại theo thứ tự in")
    parser.add_argument("--date")
    parser.add_argument("--locality")
    parser.add_argument("--parent", action="append", help="id văn bản cấp trên; lặp lại nếu có nhiều")
    parser.add_argument("--no-parent", action="store_true",
                        help="văn bản không thực hiện văn bản nào trong kho (vd. một quyết định, một luật là gốc của chuỗi khác)")
    parser.add_argument("--title")
    parser.add_argument("--type", help="plan, action-programme, decision, ... (mặc định: theo chữ viết tắt trong số hiệu: KH là plan)")
    parser.add_argument("--place", default="", help="địa danh in cạnh ngày ban hành, như in (ví dụ 'Tam Đường'); bỏ trống nếu văn bản không in")
    parser.add_argument("--signer", default="")
    parser.add_argument("--position", default="")
    parser.add_argument("--capacity", default="")
    parser.add_argument("--text", type=Path, help="toàn văn thuần, mỗi đoạn một dòng, giữ ký hiệu đánh số")
    parser.add_argument("--source", type=Path, help="bản gốc (OCR hoặc văn bản sạch), được chép nguyên trạng vào corpus/sources/")
    parser.add_argument("--method", choices=["ocr-restored", "clean-text"],
                        help="cách có được toàn văn (mặc định ocr-restored) hoặc lời tóm tắt (mặc định clean-text)")
    parser.add_argument("--summary", type=Path, help="tóm tắt của người khác (tin bài, báo cáo), mỗi đoạn một dòng: kho chưa có toàn văn")
    parser.add_argument("--metadata-only", action="store_true", help="kho chỉ có thông tin mô tả của văn bản")
    parser.add_argument("--summary-source", "--origin", dest="origin_author", default="",
                        help="ai viết tóm tắt hoặc tin bài cho biết nhiệm vụ, chỉ tiêu (vd. Báo Lai Châu)")
    parser.add_argument("--summary-title", "--origin-title", dest="origin_title", default="", help="tên bài, tên báo cáo")
    parser.add_argument("--summary-date", "--origin-date", dest="origin_date", default="", help="ngày đăng: YYYY-MM-DD, YYYY-MM hoặc YYYY")
    parser.add_argument("--summary-url", "--origin-url", dest="origin_url", default="", help="địa chỉ trên mạng, nếu có")
    parser.add_argument("--masthead", action="append", default=[], help="một dòng phần đầu văn bản như in (cơ quan, quốc hiệu, số, địa danh và ngày); lặp lại theo thứ tự in")
    parser.add_argument("--signature", action="append", default=[], help="một dòng khối chữ ký như in; lặp lại theo thứ tự in")
    parser.add_argument("--recipient", action="append", default=[], help="một dòng nơi nhận như in; lặp lại theo thứ tự in")
    parser.add_argument("--note", action="append", default=[],
                        help="ghi chú của người khôi phục (provenance.notes), lặp lại nếu có nhiều; dòng trích trong "
                             "ngoặc kép là dòng bản nguồn thiếu hoặc thừa một cách có chủ ý")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)

    questions = dict(QUESTIONS)
    if args.no_number:
        if args.number:
            parser.error("--no-number và --number không dùng cùng nhau")
        questions.pop("number")
    if args.no_parent:
        if args.parent:
            parser.error("--no-parent và --parent không dùng cùng nhau")
        args.parent = []
    missing = [name for name in questions if getattr(args, name) is None]
    if missing and not sys.stdin.isatty():  # nobody to ask: every missing option at once, not one a run
        parser.error("thiếu " + ", ".join(f"--{name}" for name in missing))
    for name, question in questions.items():
        if getattr(args, name) is None:
            try:
                answer = input(question).strip()
            except (EOFError, KeyboardInterrupt):  # Ctrl-D or Ctrl-C: the maintainer stopped answering
                print("\nĐã dừng: chưa tạo tệp nào.", file=sys.stderr)
                return 1
            if not answer:
                print(f"Không có câu trả lời cho «{question.strip()}»: chưa tạo tệp nào.", file=sys.stderr)
                return 1
            setattr(args, name, [answer] if name == "parent" else answer)
    try:
        date = dt.date.fromisoformat(args.date)
    except ValueError:
        print(f"Ngày '{args.date}' không hợp lệ: viết theo dạng YYYY-MM-DD.", file=sys.stderr)
        return 2
    try:
        loaded = load_valid_corpus(args.corpus)
        answers = PlanAnswers(
            number=args.number, issuer=args.issuer, co_issuers=args.co_issuer, date=date, locality=args.locality, parents=args.parent,
            title=args.title, type=args.type, place=args.place.strip(), signer=args.signer, position=args.position, capacity=args.capacity,
            text=args.text, source=args.source, method=args.method or "", line=args.line or "",
            summary=args.summary, metadata_only=args.metadata_only, notes=args.note,
            masthead=args.masthead, signature=args.signature, recipients=args.recipient,
            origin=Origin(args.origin_author.strip(), args.origin_title.strip(), args.origin_date.strip(), args.origin_url.strip()),
        )
        created = create_plan(args.corpus, loaded.corpus, answers)
    except CorpusError as error:
        print(f"Kho văn bản đang có lỗi, sửa trước khi thêm văn bản:\n{error}", file=sys.stderr)
        return 1
    except ScaffoldError as error:
        print(f"Không tạo văn bản: {error}", file=sys.stderr)
        return 1
    for name in created.guessed_lines:
        print(f"Chưa nhận ra khối (Đảng, Nhà nước, Mặt trận) của cơ quan cùng ban hành «{name}»: đã ghi như cơ quan thứ nhất, "
              "kiểm tra lại co_issuers.", file=sys.stderr)
    for item in created.unmatched:
        print(f"Chưa nhận ra cơ quan ở mục {item.node} («{item.text}»): chưa gợi ý nhiệm vụ nào cho mục này. "
              f"Ghi responsibilities bằng tay, hoặc thêm tên gọi này vào {registry_file(args.corpus, 'agencies')} (aliases).", file=sys.stderr)
    for other in created.namesakes:
        print(f"Lưu ý: kho đã có văn bản cùng số, cùng cơ quan ban hành, khác ngày: '{other}'. Số văn bản đánh lại theo từng "
              "năm, nhiệm kỳ nên đó có thể là văn bản khác; nếu là cùng một văn bản, xóa tệp vừa tạo và sửa tệp đã có.", file=sys.stderr)
    print(f"Đã tạo {created.path}. Đọc lại từng trường với bản gốc, rồi chạy: make check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
