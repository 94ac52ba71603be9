"""Synthetic petition pages: Vietnamese text rendered with Pillow, then degraded like real mail.

One module shared by the tests, `scripts/make_samples.py` and `bench/ingest_bench.py`, so all
three see the same kinds of page. Everything is seeded: the same seed gives the same page.

    text = petition_text(seed)                 # varied Vietnamese petition text
    page = render_page(text, seed=seed)        # clean 300 dpi grayscale page (PIL.Image)
    scan = degrade(page, "scanner", seed=seed) # "clean" | "scanner" | "fax" | "phone"
    cer(reference, hypothesis)                 # character error rate, 0..1+

Conditions mimic what arrives at a reception office: an office scanner (skew of a few degrees,
blur, noise, JPEG), a fax (200 dpi, 1-bit, speckles) and a phone photo (perspective, shadow,
colour cast, JPEG).
"""

from __future__ import annotations

import io
import json
import random
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

CONDITIONS = ("clean", "scanner", "fax", "phone")
DPI = 300
A4_PX = (2480, 3508)  # A4 at 300 dpi

# Each has every Vietnamese glyph (Liberation Serif lacks most: it renders boxes).
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
)

_NAMES = (
    "Nguyễn Văn Hùng",
    "Trần Thị Thu Hà",
    "Lê Quang Minh",
    "Phạm Thị Hồng",
    "Hoàng Đức Thắng",
    "Vũ Thị Ngọc Ánh",
    "Đặng Văn Quý",
    "Bùi Thị Tuyết",
    "Đỗ Mạnh Cường",
    "Ngô Thị Phương",
    "Dương Văn Lực",
    "Lý Thị Kiều Oanh",
)
_PLACES = (
    "phường Phúc Xá, quận Ba Đình",
    "xã Thanh Liệt, huyện Thanh Trì",
    "phường Yên Hoà, quận Cầu Giấy",
    "xã Đông Dư, huyện Gia Lâm",
    "phường Kiến Hưng, quận Hà Đông",
    "phường Thuỵ Khuê, quận Tây Hồ",
    "xã Tiên Dương, huyện Đông Anh",
    "phường Khương Đình, quận Thanh Xuân",
    "thị trấn Phùng, huyện Đan Phượng",
    "phường Long Biên, quận Long Biên",
)
_BODIES = (
    "Uỷ ban nhân dân thành phố Hà Nội",
    "Thanh tra thành phố Hà Nội",
    "Ban Tiếp công dân thành phố",
    "Uỷ ban nhân dân quận",
    "Sở Tài nguyên và Môi trường",
    "Sở Xây dựng Hà Nội",
    "Công an thành phố Hà Nội",
)
_OPENINGS = (
    "Tôi tên là {name}, sinh năm {year}, thường trú tại số {num} ngõ {lane}, {place}.",
    "Chúng tôi gồm {hh} hộ dân đang sinh sống tại tổ dân phố số {lane}, {place}.",
    "Tôi là {name}, số căn cước công dân {cccd}, cấp ngày {day}/{month}/{year2}.",
)
_FACTS = (
    "Năm {year2}, gia đình tôi bị thu hồi {area} m² đất nông nghiệp để thực hiện dự án mở "
    "rộng đường giao thông nhưng đến nay vẫn chưa được bồi thường thoả đáng.",
    "Ngày {day} tháng {month} năm {year2}, hộ liền kề tự ý xây tường rào lấn sang phần đất "
    "của gia đình tôi khoảng {small} m², chính quyền địa phương đã lập biên bản nhưng không xử lý.",
    "Công trình xây dựng bên cạnh nhà tôi thi công không che chắn, gây nứt tường, lún nền và "
    "bụi bẩn kéo dài nhiều tháng, ảnh hưởng nghiêm trọng đến sức khoẻ người già và trẻ nhỏ.",
    "Cán bộ địa chính xã đã yêu cầu gia đình tôi nộp thêm {money} đồng ngoài quy định mới "
    "giải quyết hồ sơ cấp giấy chứng nhận quyền sử dụng đất, việc này có dấu hiệu nhũng nhiễu.",
    "Quyết định giải quyết khiếu nại lần đầu số {num}/QĐ-UBND ngày {day}/{month}/{year2} "
    "không xem xét đầy đủ các chứng cứ mà tôi đã cung cấp, nên tôi không đồng ý.",
    "Đơn giá bồi thường áp dụng cho gia đình tôi thấp hơn nhiều so với giá thị trường, trong "
    "khi các hộ lân cận cùng dự án lại được hỗ trợ cao hơn, gây bất bình trong nhân dân.",
    "Khu chung cư nơi chúng tôi ở không được bàn giao quỹ bảo trì, hệ thống phòng cháy chữa "
    "cháy hư hỏng, thang máy thường xuyên dừng hoạt động mà ban quản lý không khắc phục.",
    "Bãi tập kết rác tự phát đầu ngõ bốc mùi hôi thối, nước thải chảy tràn ra đường, chúng "
    "tôi đã nhiều lần phản ánh tới tổ dân phố nhưng chưa được giải quyết dứt điểm.",
    "Gia đình tôi đã sử dụng ổn định thửa đất số {num}, tờ bản đồ số {lane} từ trước năm "
    "1993, không có tranh chấp, nhưng hồ sơ xin cấp sổ đỏ bị trả lại nhiều lần không rõ lý do.",
    "Tôi đã gửi đơn đến Uỷ ban nhân dân phường từ tháng {month} năm {year2}, đến nay đã quá "
    "thời hạn giải quyết theo quy định của Luật Khiếu nại mà vẫn chưa nhận được trả lời.",
    "Việc chuyển đổi mục đích sử dụng đất của dự án không được công khai, người dân không "
    "được tham gia ý kiến, nhiều hộ bị ảnh hưởng đến quyền lợi chính đáng và hợp pháp.",
    "Một số đối tượng thường xuyên tụ tập, uống rượu, gây mất trật tự vào ban đêm; khi tôi "
    "nhắc nhở thì bị đe doạ, xúc phạm danh dự và nhân phẩm.",
)
_REQUESTS = (
    "Kính đề nghị {body} xem xét, chỉ đạo các cơ quan chức năng kiểm tra và giải quyết dứt "
    "điểm vụ việc, bảo đảm quyền và lợi ích hợp pháp cho gia đình tôi.",
    "Chúng tôi kính mong {body} sớm vào cuộc, xử lý nghiêm các sai phạm và trả lời bằng văn "
    "bản cho công dân theo đúng quy định của pháp luật.",
    "Đề nghị {body} thanh tra toàn diện việc thực hiện dự án, công khai phương án bồi thường, "
    "hỗ trợ và tái định cư cho các hộ dân bị ảnh hưởng.",
)
_CLOSINGS = (
    "Tôi xin cam đoan những nội dung trình bày trên là đúng sự thật và chịu trách nhiệm "
    "trước pháp luật. Xin trân trọng cảm ơn!",
    "Kèm theo đơn là bản sao các giấy tờ liên quan. Chúng tôi xin chân thành cảm ơn!",
)


def _fill(template: str, rnd: random.Random) -> str:
    """Fill a template's placeholders with seeded random values."""
    return template.format(
        name=rnd.choice(_NAMES),
        place=rnd.choice(_PLACES),
        body=rnd.choice(_BODIES),
        year=rnd.randint(1950, 1995),
        year2=rnd.randint(2015, 2025),
        day=rnd.randint(1, 28),
        month=rnd.randint(1, 12),
        num=rnd.randint(2, 950),
        lane=rnd.randint(1, 120),
        hh=rnd.randint(5, 60),
        area=rnd.randint(60, 900),
        small=rnd.randint(2, 30),
        money=f"{rnd.randint(2, 90)}.000.000",
        cccd=f"0010{rnd.randint(10**7, 10**8 - 1)}",
    )


def petition_text(seed: int, paragraphs: int | None = None) -> str:
    """A varied Vietnamese petition (header, who writes, facts, request), paragraphs by blank lines."""
    rnd = random.Random(seed)
    n_facts = paragraphs if paragraphs is not None else rnd.randint(2, 4)
    parts = [
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        rnd.choice(("ĐƠN KHIẾU NẠI", "ĐƠN TỐ CÁO", "ĐƠN KIẾN NGHỊ", "ĐƠN PHẢN ÁNH")),
        f"Kính gửi: {rnd.choice(_BODIES)}",
        _fill(rnd.choice(_OPENINGS), rnd),
    ]
    parts += [_fill(f, rnd) for f in rnd.sample(_FACTS, k=min(n_facts, len(_FACTS)))]
    parts.append(_fill(rnd.choice(_REQUESTS), rnd))
    if paragraphs is None:
        parts.append(rnd.choice(_CLOSINGS))
        parts.append(f"Hà Nội, ngày {rnd.randint(1, 28)} tháng {rnd.randint(1, 12)} năm 2025")
        parts.append(f"Người viết đơn\n{rnd.choice(_NAMES)}")
    return "\n\n".join(parts)


def corpus_texts(root: Path, limit: int) -> list[str]:
    """Texts from samples/corpus/*/*.jsonl (the labelled corpus), if any, at most `limit`."""
    texts: list[str] = []
    for path in sorted(root.glob("*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                text = json.loads(line).get("text")
            except (json.JSONDecodeError, AttributeError):
                continue
            if isinstance(text, str) and 300 <= len(text) <= 2600:
                texts.append(text)
            if len(texts) >= limit:
                return texts
    return texts


def load_font(seed: int, size_px: int) -> ImageFont.FreeTypeFont:
    """A font with Vietnamese glyphs, chosen by seed among the installed candidates."""
    fonts = [f for f in FONT_CANDIDATES if Path(f).exists()]
    if not fonts:
        raise FileNotFoundError("no font with Vietnamese glyphs (install fonts-dejavu-core)")
    return ImageFont.truetype(fonts[seed % len(fonts)], size_px)


def wrap_lines(text: str, font: ImageFont.FreeTypeFont, width_px: int) -> list[str]:
    """Greedy word wrap; an empty string marks a paragraph break."""
    lines: list[str] = []
    for para in re.split(r"\n\s*\n", unicodedata.normalize("NFC", text.strip())):
        for raw in para.split("\n"):
            words, current = raw.split(), ""
            for word in words:
                trial = f"{current} {word}".strip()
                if current and font.getlength(trial) > width_px:
                    lines.append(current)
                    current = word
                else:
                    current = trial
            if current:
                lines.append(current)
        lines.append("")
    return lines[:-1] if lines else lines


@dataclass(frozen=True)
class RenderedPage:
    """A clean page and the exact text drawn on it (lines joined by newlines)."""

    image: Image.Image
    text: str


def render_page(
    text: str,
    *,
    seed: int = 0,
    size: tuple[int, int] = A4_PX,
    font_pt: float = 12.0,
    max_lines: int | None = None,
) -> RenderedPage:
    """Render text on a white 300 dpi grayscale page; returns the page and the text drawn."""
    font = load_font(seed, round(font_pt * DPI / 72))
    margin = round(size[0] * 0.1)
    lines = wrap_lines(text, font, size[0] - 2 * margin)
    line_h = round(font.size * 1.45)
    fit = (size[1] - 2 * margin) // line_h
    lines = lines[: min(fit, max_lines or fit)]
    while lines and not lines[-1]:
        lines.pop()
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * line_h), line, font=font, fill=0)
    drawn = "\n".join(lines)
    return RenderedPage(image=image, text=drawn)


def degrade(image: Image.Image, condition: str, *, seed: int = 0) -> Image.Image:
    """Degrade a clean page like real mail: "clean", "scanner", "fax" or "phone"."""
    rnd = np.random.default_rng(seed)
    if condition == "clean":
        return image.copy()
    if condition == "scanner":
        return _scanner(image, rnd)
    if condition == "fax":
        return _fax(image, rnd)
    if condition == "phone":
        return _phone(image, rnd)
    raise ValueError(f"unknown condition {condition!r}; expected one of {CONDITIONS}")


def _jpeg_roundtrip(image: Image.Image, quality: int) -> Image.Image:
    """Compress and decompress as JPEG, keeping the dpi."""
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality, dpi=(DPI, DPI))
    buf.seek(0)
    return Image.open(buf).copy()


def _scanner(image: Image.Image, rnd: np.random.Generator) -> Image.Image:
    """Office scanner: skew of 0.5-3.5 degrees either way, blur, grey paper, noise, JPEG."""
    angle = float(rnd.uniform(0.5, 3.5) * rnd.choice([-1, 1]))
    page = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    page = page.filter(ImageFilter.GaussianBlur(float(rnd.uniform(0.6, 1.1))))
    arr = np.asarray(page, dtype=np.float32) * rnd.uniform(0.86, 0.95) + rnd.uniform(5, 15)
    arr += rnd.normal(0, rnd.uniform(8, 14), arr.shape)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    return _jpeg_roundtrip(out, int(rnd.integers(55, 75)))


def _fax(image: Image.Image, rnd: np.random.Generator) -> Image.Image:
    """Fax: 200 dpi, slight skew, 1-bit threshold, speckles and small blots."""
    angle = float(rnd.uniform(-1.2, 1.2))
    page = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    w, h = page.size
    page = page.resize((w * 2 // 3, h * 2 // 3), Image.Resampling.BILINEAR)
    arr = np.asarray(page, dtype=np.float32) + rnd.normal(0, 25, (page.size[1], page.size[0]))
    binary = arr > rnd.uniform(120, 150)
    ys = rnd.integers(0, binary.shape[0], int(rnd.integers(1500, 3500)))
    xs = rnd.integers(0, binary.shape[1], ys.size)
    sizes = rnd.integers(1, 4, ys.size)
    for y, x, s in zip(ys, xs, sizes, strict=True):
        binary[y : y + s, x : x + s] = False
    out = Image.fromarray((binary * 255).astype(np.uint8), "L").convert("1")
    out.info["dpi"] = (200, 200)
    return out


def _phone(image: Image.Image, rnd: np.random.Generator) -> Image.Image:
    """Phone photo: perspective, uneven light and a shadow, warm cast, blur, lower resolution, JPEG."""
    import cv2  # local: only the phone degrader needs OpenCV

    src = np.asarray(image, dtype=np.uint8)
    h, w = src.shape
    jitter = lambda: rnd.uniform(0.0, 0.045)  # noqa: E731 - a one-line helper reads better here
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    moved = np.array(
        [
            [w * jitter(), h * jitter()],
            [w * (1 - jitter()), h * jitter()],
            [w * (1 - jitter()), h * (1 - jitter())],
            [w * jitter(), h * (1 - jitter())],
        ],
        dtype=np.float32,
    )
    matrix = cv2.getPerspectiveTransform(corners, moved)
    warped = cv2.warpPerspective(
        src, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=90
    )
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 0.75 + 0.25 * (xx / w if rnd.random() < 0.5 else 1 - xx / w)
    cx, cy = rnd.uniform(0.2, 0.8) * w, rnd.uniform(0.2, 0.8) * h
    shadow = 1 - rnd.uniform(0.35, 0.55) * np.exp(
        -(((xx - cx) / (0.3 * w)) ** 2 + ((yy - cy) / (0.25 * h)) ** 2)
    )
    gray = warped.astype(np.float32) * light * shadow
    rgb = np.stack([gray * 1.0, gray * 0.93, gray * 0.8], axis=-1)
    rgb += rnd.normal(0, 6, rgb.shape)
    out = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")
    out = out.filter(ImageFilter.GaussianBlur(float(rnd.uniform(0.8, 1.3))))
    out = out.resize((w * 4 // 5, h * 4 // 5), Image.Resampling.BILINEAR)
    result = _jpeg_roundtrip(out, int(rnd.integers(60, 80)))
    result.info["dpi"] = (240, 240)
    return result


def image_bytes(image: Image.Image, fmt: str, **params: object) -> bytes:
    """Encode an image (PNG, JPEG, TIFF, WEBP, BMP, PDF) to bytes, keeping its dpi."""
    buf = io.BytesIO()
    dpi = image.info.get("dpi", (DPI, DPI))
    if fmt.upper() == "PDF":
        image.save(buf, "PDF", resolution=float(dpi[0]), **params)
    else:
        image.save(buf, fmt, dpi=dpi, **params)
    return buf.getvalue()


def images_pdf(images: Sequence[Image.Image], dpi: float = DPI) -> bytes:
    """A scanned-style PDF: one image per page, no text layer."""
    buf = io.BytesIO()
    first, *rest = [im.convert("L") if im.mode not in ("L", "1", "RGB") else im for im in images]
    first.save(buf, "PDF", resolution=dpi, save_all=True, append_images=rest)
    return buf.getvalue()


_FONT_FOR_PDF = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def text_pdf(
    pages: Iterable[str | None],
    *,
    base_pdf: bytes | None = None,
    invisible: bool = False,
    font_pt: float = 11.0,
) -> bytes:
    """A PDF whose pages carry a real text layer (one string per page; None leaves a page as is).

    With `base_pdf`, text is added onto that PDF's pages (with `invisible=True` this makes the
    hidden layer that scanners add). Without it, new A4 pages are made.
    """
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(base_pdf) if base_pdf else pdfium.PdfDocument.new()
    font_data = Path(_FONT_FOR_PDF).read_bytes()
    buf = (ctypes.c_uint8 * len(font_data)).from_buffer_copy(font_data)
    font = raw.FPDFText_LoadFont(pdf.raw, buf, len(font_data), raw.FPDF_FONT_TRUETYPE, 1)
    for index, text in enumerate(pages):
        if base_pdf is None:
            pdf.new_page(595, 842)
        if text is None:
            continue
        page = pdf[index]
        y = page.get_size()[1] - 60
        for line in text.split("\n"):
            y -= font_pt * 1.4
            if not line.strip():
                continue
            obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, font_pt)
            encoded = (line + "\x00").encode("utf-16-le")
            raw.FPDFText_SetText(
                obj, ctypes.cast(ctypes.c_char_p(encoded), ctypes.POINTER(raw.FPDF_WCHAR))
            )
            if invisible:
                raw.FPDFTextObj_SetTextRenderMode(obj, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 50, y)
            raw.FPDFPage_InsertObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _levenshtein(a: str, b: str) -> int:
    """Edit distance with numpy rows (fast enough for whole pages)."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    bv = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    offsets = np.arange(len(b) + 1)
    prev = offsets.copy()
    for i, ch in enumerate(a, start=1):
        sub = prev[:-1] + (bv != ord(ch))
        cur = np.empty_like(prev)
        cur[0] = i
        cur[1:] = np.minimum(prev[1:] + 1, sub)
        # insertions chain along the row: cur[j] = min_k<=j (cur[k] + j - k)
        cur = np.minimum.accumulate(cur - offsets) + offsets
        prev = cur
    return int(prev[-1])


def comparable(text: str) -> str:
    """NFC text with whitespace runs collapsed to one space: what CER compares."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate of hypothesis against reference (whitespace-collapsed, NFC)."""
    ref, hyp = comparable(reference), comparable(hypothesis)
    return _levenshtein(ref, hyp) / max(1, len(ref))
