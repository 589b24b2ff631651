"""Word lists the content generators draw from: stores, menus, companies, products, prose."""

from __future__ import annotations

from typing import NamedTuple


class Product(NamedTuple):
    korean: str
    english: str
    spec: str
    price: int


class Store(NamedTuple):
    names: tuple[str, ...]
    items: tuple[tuple[str, int], ...]


class Topic(NamedTuple):
    title: str
    english_title: str
    korean: tuple[str, ...]
    english: tuple[str, ...]


STORES: dict[str, Store] = {
    "cafe": Store(
        ("카페 온새미로", "하늘정원 커피", "브루잉랩", "커피나무", "달빛다방", "Blue Bean Coffee"),
        (
            ("아메리카노", 4500),
            ("카페라떼", 5000),
            ("바닐라라떼", 5500),
            ("카라멜 마키아또", 5800),
            ("콜드브루", 5000),
            ("녹차라떼", 5500),
            ("자몽에이드", 6000),
            ("치즈케이크", 6500),
            ("크루아상", 3800),
            ("초코머핀", 3500),
            ("Iced Americano", 4800),
            ("Earl Grey Tea", 4500),
        ),
    ),
    "restaurant": Store(
        ("온누리식당", "고향집 밥상", "청담 순두부", "바른 김밥", "서울 칼국수", "명가 한식"),
        (
            ("김치찌개", 9000),
            ("된장찌개", 8500),
            ("순두부찌개", 9000),
            ("제육볶음", 10000),
            ("비빔밥", 9500),
            ("불고기 정식", 12000),
            ("물냉면", 10000),
            ("공기밥", 1000),
            ("계란말이", 7000),
            ("소주", 5000),
            ("맥주", 5000),
            ("콜라", 2000),
        ),
    ),
    "convenience": Store(
        ("스마일24 편의점", "나들가게", "하루마트 편의점", "365 편의점"),
        (
            ("삼각김밥", 1300),
            ("바나나우유", 1700),
            ("컵라면", 1500),
            ("생수 500ml", 900),
            ("초코파이", 4800),
            ("도시락", 4900),
            ("커피우유", 1600),
            ("감자칩", 1800),
            ("캔커피", 1400),
            ("아이스크림", 1200),
            ("Protein Bar", 2500),
        ),
    ),
    "mart": Store(
        ("행복마트", "새마을마트", "우리동네 마트", "알뜰 식자재마트"),
        (
            ("두부", 2500),
            ("계란 30구", 8900),
            ("우유 1L", 2980),
            ("사과 1kg", 9900),
            ("양파 1.5kg", 3480),
            ("대파", 2980),
            ("삼겹살 500g", 12800),
            ("라면 5입", 4380),
            ("식빵", 3200),
            ("휴지 30롤", 15900),
            ("Olive Oil", 11900),
        ),
    ),
    "bakery": Store(
        ("파리의 아침", "밀과 버터", "햇살 베이커리", "Maison Dore"),
        (
            ("소보로빵", 2000),
            ("단팥빵", 2000),
            ("크림빵", 2500),
            ("바게트", 4000),
            ("생크림 케이크", 25000),
            ("샌드위치", 5500),
            ("우유식빵", 4500),
            ("Croissant", 3800),
        ),
    ),
}

BRANCHES = ("강남역점", "역삼점", "서초점", "홍대입구점", "잠실점", "해운대점", "판교점", "본점")

# (city, district, road) triples that exist together.
ADDRESSES = (
    ("서울특별시", "강남구", "테헤란로"),
    ("서울특별시", "서초구", "서초대로"),
    ("서울특별시", "마포구", "양화로"),
    ("서울특별시", "종로구", "종로"),
    ("서울특별시", "송파구", "올림픽로"),
    ("서울특별시", "영등포구", "여의대로"),
    ("부산광역시", "해운대구", "해운대로"),
    ("부산광역시", "부산진구", "중앙대로"),
    ("대구광역시", "중구", "동성로"),
    ("인천광역시", "연수구", "컨벤시아대로"),
    ("경기도 성남시", "분당구", "판교역로"),
    ("대전광역시", "유성구", "대학로"),
)

AREA_CODES = {
    "서울": "02",
    "부산": "051",
    "대구": "053",
    "인천": "032",
    "경기": "031",
    "대전": "042",
}

PEOPLE = (
    "김민수",
    "이영희",
    "박지훈",
    "최서연",
    "정민재",
    "윤서아",
    "장현우",
    "임수빈",
    "한도윤",
    "오지은",
)

CARDS = (
    "신한카드",
    "KB국민카드",
    "삼성카드",
    "현대카드",
    "롯데카드",
    "하나카드",
    "우리카드",
    "BC카드",
)

COMPANIES = (
    ("(주)한빛테크", "Hanbit Tech Co., Ltd."),
    ("(주)미래상사", "Mirae Trading Co., Ltd."),
    ("대한정밀(주)", "Daehan Precision Inc."),
    ("(주)서울오피스", "Seoul Office Supply Co."),
    ("푸른물산(주)", "Pureun Trading Inc."),
    ("(주)누리소프트", "Nuri Soft Co., Ltd."),
    ("동해산업(주)", "Donghae Industrial Co."),
    ("(주)다온디자인", "Daon Design Co., Ltd."),
)

BANKS = ("국민은행", "신한은행", "우리은행", "하나은행", "기업은행", "농협은행")

PRODUCTS = (
    Product("A4 복사용지", "Copy Paper A4", "80g 2500매", 25000),
    Product("레이저 토너", "Laser Toner", "HP 85A", 89000),
    Product("사무용 의자", "Office Chair", "메쉬형", 159000),
    Product("모니터", "Monitor", "27인치 QHD", 329000),
    Product("무선 키보드", "Wireless Keyboard", "KR/EN", 45000),
    Product("USB 메모리", "USB Flash Drive", "64GB", 12000),
    Product("외장 SSD", "External SSD", "1TB", 139000),
    Product("유지보수 용역", "Maintenance", "월 1회", 550000),
    Product("소프트웨어 라이선스", "Software License", "1년", 240000),
    Product("LED 조명", "LED Panel", "50W", 38000),
    Product("볼펜", "Ballpoint Pen", "12개입", 6000),
    Product("파일 바인더", "File Binder", "3공", 3500),
    Product("노트북 거치대", "Laptop Stand", "알루미늄", 39000),
    Product("HDMI 케이블", "HDMI Cable", "2m", 9800),
)

PAYMENT_TERMS = (
    "결제 조건: 익월 말 현금 결제 / Payment due by the end of next month.",
    "결제 조건: 세금계산서 발행 후 30일 이내 / Net 30 days after tax invoice.",
    "납품 후 7일 이내 검수 및 결제 / Inspection and payment within 7 days of delivery.",
)

RECEIPT_FOOTERS = (
    "교환 및 환불은 영수증 지참 시 7일 이내 가능합니다.",
    "포인트 적립은 결제 당일에만 가능합니다.",
    "Thank you for your visit. Please come again!",
)
CARD_FOOTER = "카드 취소 시 영수증을 꼭 지참해 주세요."

HEADINGS = (
    "개요 Overview",
    "현황 Current Status",
    "주요 내용 Highlights",
    "과제 Challenges",
    "전망 Outlook",
    "결론 Conclusion",
)

# Sentences that fit any report, mixed into every topic's paragraphs.
GENERIC_KOREAN = (
    "이 보고서는 2023년 하반기에 수집한 자료를 바탕으로 작성되었다.",
    "자세한 수치는 부록의 표를 참고하기 바란다.",
    "조사는 전국 17개 시도를 대상으로 진행되었다.",
    "응답자의 연령대는 20대부터 60대까지 고르게 분포하였다.",
    "관련 부서와의 협의를 거쳐 세부 계획을 확정할 예정이다.",
    "예산은 전년 대비 12% 증가한 45억 원으로 책정되었다.",
    "향후 3년간 단계적으로 시범 사업을 확대할 계획이다.",
    "현장의 의견을 반영하여 제도를 보완할 필요가 있다.",
    "다만 일부 지역에서는 표본 수가 적어 해석에 주의가 필요하다.",
    "이러한 변화는 앞으로도 당분간 계속될 것으로 보인다.",
)
GENERIC_ENGLISH = (
    "This report is based on data collected in the second half of 2023.",
    "Detailed figures are given in the tables of the appendix.",
    "The survey covered all 17 provinces and metropolitan cities.",
    "The budget rose by 12 percent to 4.5 billion won.",
    "Pilot projects will be expanded in stages over the next three years.",
    "Some regions had small samples, so their results should be read with care.",
)

TOPICS = (
    Topic(
        "디지털 문서 관리 현황 보고서",
        "Report on Digital Document Management",
        (
            "종이 문서를 디지털로 전환하면 보관 비용을 크게 줄일 수 있다.",
            "스캔한 문서는 광학 문자 인식(OCR)을 거쳐야 검색이 가능해진다.",
            "특히 영수증과 거래명세서는 형식이 다양해서 자동 처리가 어렵다.",
            "문서의 구조를 이해하려면 글자의 위치와 읽는 순서를 함께 알아야 한다.",
            "최근에는 딥러닝 기반의 모델이 표와 여러 단 구성을 잘 인식한다.",
            "하지만 해상도가 낮은 사진에서는 여전히 오류가 자주 발생한다.",
            "많은 기업이 전자 문서 시스템을 도입해 업무 효율을 높이고 있다.",
            "문서 보존 기간이 지나면 개인정보가 담긴 파일은 안전하게 폐기해야 한다.",
        ),
        (
            "Digitising paper records cuts storage costs and speeds up retrieval.",
            "Scanned pages must pass through OCR before their text can be searched.",
            "Receipts and invoices vary widely in layout, which makes automation hard.",
            "Reading order matters as much as the characters themselves.",
            "Low-resolution phone photos remain the most common source of errors.",
        ),
    ),
    Topic(
        "도시 교통 변화와 시민 만족도",
        "Urban Transport and Citizen Satisfaction",
        (
            "서울의 지하철은 하루 평균 700만 명 이상이 이용한다.",
            "버스 전용 차로가 확대되면서 출퇴근 시간이 조금씩 줄고 있다.",
            "공유 자전거는 짧은 거리를 이동할 때 특히 인기가 많다.",
            "전기 버스의 비중은 2030년까지 절반 이상으로 늘어날 전망이다.",
            "교통 카드 하나로 지하철과 버스를 환승할 수 있어 편리하다.",
            "도심의 주차 공간 부족은 여전히 해결해야 할 과제로 남아 있다.",
            "시민 설문에서 응답자의 68%가 대중교통에 만족한다고 답했다.",
        ),
        (
            "Public transport ridership has recovered steadily since 2022.",
            "Bike sharing is most popular for trips shorter than three kilometres.",
            "Electric buses are expected to make up half of the fleet by 2030.",
            "Parking in the city centre is still scarce and expensive.",
        ),
    ),
    Topic(
        "기후 변화와 에너지 전환",
        "Climate Change and the Energy Transition",
        (
            "올해 여름은 기상 관측 이래 가장 더운 여름 가운데 하나로 기록되었다.",
            "태양광과 풍력 발전의 비중이 해마다 꾸준히 늘고 있다.",
            "가정에서도 대기 전력을 줄이는 작은 습관이 에너지 절약에 도움이 된다.",
            "정부는 탄소 중립 목표를 달성하기 위해 다양한 지원 정책을 마련했다.",
            "전문가들은 에너지 저장 기술의 발전이 핵심이라고 강조한다.",
            "산업 부문의 온실가스 배출량은 전년 대비 3.2% 감소했다.",
        ),
        (
            "Solar and wind generation grew again this year.",
            "Small household habits, such as unplugging idle devices, add up.",
            "Energy storage remains the key bottleneck for renewables.",
            "Industrial emissions fell by 3.2 percent compared with last year.",
        ),
    ),
    Topic(
        "온라인 교육의 성과와 한계",
        "Online Education: Results and Limits",
        (
            "온라인 강의가 보편화되면서 학습 방식도 크게 달라졌다.",
            "학생들은 자신의 속도에 맞춰 반복해서 강의를 들을 수 있다.",
            "그러나 대면 수업에서 얻는 토론의 경험은 쉽게 대체되지 않는다.",
            "많은 대학이 온라인과 오프라인을 결합한 수업을 운영하고 있다.",
            "교사들은 새로운 도구를 익히기 위해 연수 프로그램에 참여한다.",
            "학습 격차를 줄이기 위한 기기 지원 사업도 함께 진행되었다.",
        ),
        (
            "Online courses let students learn at their own pace.",
            "Blended classes combine recorded lectures with live discussion.",
            "Device loans helped narrow the gap between schools.",
        ),
    ),
    Topic(
        "건강한 식생활 안내",
        "A Guide to Healthy Eating",
        (
            "하루 세 끼를 규칙적으로 먹는 것이 건강의 기본이다.",
            "채소와 과일을 충분히 섭취하면 면역력을 높이는 데 도움이 된다.",
            "나트륨 섭취를 줄이기 위해 국물은 적게 먹는 것이 좋다.",
            "물은 하루에 1.5리터 이상 마시는 것이 권장된다.",
            "가공식품을 고를 때는 영양 성분표를 꼼꼼히 확인해야 한다.",
            "늦은 밤의 야식은 수면의 질을 떨어뜨릴 수 있다.",
        ),
        (
            "Eating regular meals is the foundation of good health.",
            "Check the nutrition label before buying processed food.",
            "Adults should drink at least 1.5 litres of water a day.",
        ),
    ),
    Topic(
        "가을 지역 축제 소개",
        "Autumn Festivals Around the Country",
        (
            "매년 가을이 되면 전국 곳곳에서 다양한 지역 축제가 열린다.",
            "진주 남강 유등축제는 강 위에 떠 있는 수천 개의 등불로 유명하다.",
            "축제 기간에는 지역 특산물을 저렴한 가격에 살 수 있다.",
            "외국인 관광객을 위한 영어 안내 부스도 운영된다.",
            "주최 측은 쓰레기를 줄이기 위해 다회용 컵 사용을 권장했다.",
            "주말에는 방문객이 몰리므로 대중교통 이용을 권한다.",
        ),
        (
            "Autumn brings local festivals to towns across the country.",
            "Visitors can buy regional produce at reduced prices.",
            "Information booths in English are open every day of the festival.",
        ),
    ),
)
