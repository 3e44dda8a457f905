"""Topic queries a reader types, written from the vocabulary of the frozen corpus's texts
(tests/fixtures/corpus/), each with the words of the answer: the passages whose text holds them are the ones
a reader wants to see among the passages of the first three results. With and without diacritics, 2 to 6 words.
"""

TOPICS: list[tuple[str, str]] = [
    # disability
    ("trẻ em khuyết tật", "trẻ em khuyết tật"),
    ("tre em khuyet tat", "trẻ em khuyết tật"),
    ("hỗ trợ trẻ em khuyết tật tiếp cận dịch vụ", "hỗ trợ trẻ em khuyết tật"),
    # child marriage
    ("tảo hôn", "tảo hôn"),
    ("tao hon", "tảo hôn"),
    ("giảm thiểu tảo hôn dân tộc thiểu số", "tảo hôn"),
    ("hôn nhân cận huyết thống", "hôn nhân cận huyết"),
    # nutrition targets
    ("suy dinh dưỡng thể cân nặng", "cân nặng theo tuổi"),
    ("suy dinh duong the chieu cao", "chiều cao theo tuổi"),
    ("tỷ lệ suy dinh dưỡng trẻ dưới 5 tuổi", "suy dinh dưỡng"),
    ("dinh dưỡng tiêm chủng mở rộng", "tiêm chủng mở rộng"),
    ("giam tu vong tre em duoi 5 tuoi", "giảm tử vong trẻ em dưới 5 tuổi"),
    # school violence, school safety
    ("bao luc hoc duong", "không có bạo lực"),
    ("môi trường giáo dục không có bạo lực", "không có bạo lực"),
    ("trường học an toàn", "trường học an toàn"),
    ("tham vấn học đường", "tham vấn học đường"),
    ("doi thoai hoc duong", "đối thoại học đường"),
    ("kỹ năng tự bảo vệ bản thân", "kỹ năng tự bảo vệ"),
    ("giáo dục giới tính học sinh", "giáo dục giới tính"),
    # online abuse
    ("bảo vệ trẻ em trên môi trường mạng", "trên môi trường mạng"),
    ("bao ve tre em tren moi truong mang", "trên môi trường mạng"),
    ("thông tin không có lợi trên không gian mạng", "không gian mạng"),
    ("xâm hại trẻ em qua môi trường mạng", "môi trường mạng để xâm hại"),
    # abuse, trafficking
    ("xâm hại tình dục trẻ em", "xâm hại tình dục"),
    ("xam hai tinh duc", "xâm hại tình dục"),
    ("mua bán bắt cóc trẻ em", "bắt cóc"),
    ("bỏ rơi lạm dụng xúi giục trẻ em", "lạm dụng, xúi giục"),
    ("tổng đài điện thoại 111", "(số 111)"),
    ("tong dai quoc gia bao ve tre em", "tổng đài điện thoại"),
    # reporting dates
    ("báo cáo trước ngày 01/12", "trước ngày 01/12"),
    ("bao cao truoc ngay 10/11", "trước ngày 10/11"),
    ("định kỳ 6 tháng báo cáo", "định kỳ 6 tháng"),
    ("chế độ thông tin báo cáo", "chế độ thông tin, báo cáo"),
    ("so ket tong ket", "sơ kết, tổng kết"),
    # birth registration, health insurance
    ("đăng ký khai sinh", "đăng ký khai sinh"),
    ("dang ky khai sinh dat 100%", "đăng ký khai sinh đạt 100%"),
    ("thẻ bảo hiểm y tế trẻ dưới 6 tuổi", "thẻ bảo hiểm y tế"),
    ("nuôi con nuôi khai sinh", "con nuôi, khai sinh"),
    # mental health
    ("sức khỏe tâm thần trẻ em", "sức khỏe tâm thần"),
    ("suc khoe tam than", "sức khỏe tâm thần"),
    ("dịch vụ hỗ trợ tâm lý trường học", "hỗ trợ tâm lý"),
    # injuries, drowning
    ("phòng chống tai nạn thương tích", "tai nạn thương tích"),
    ("chương trình bơi an toàn", "chương trình bơi an toàn"),
    ("day boi an toan duoi nuoc", "dạy bơi"),
    # play, culture
    ("điểm vui chơi giải trí cho trẻ em", "điểm vui chơi"),
    ("thiết chế văn hóa thể thao trẻ em", "thiết chế văn hóa, thể thao"),
    ("thu vien cau lac bo nha van hoa", "thư viện, câu lạc bộ"),
    ("tháng hành động vì trẻ em", "tháng hành động vì trẻ em"),
    ("tet trung thu quoc te thieu nhi", "tết trung thu"),
    # labour, vulnerable children
    ("lao động trẻ em du lịch", "lao động trẻ em"),
    ("tre em lao dong trai quy dinh", "lao động trái quy định"),
    ("trẻ em mồ côi", "trẻ em mồ côi"),
    ("trẻ em di cư thiên tai", "trẻ em di cư"),
    ("tre em gap thien tai tham hoa", "thiên tai, thảm họa"),
    ("tư pháp thân thiện người chưa thành niên", "tư pháp thân thiện"),
    # data, staff, funding
    ("phần mềm quản lý thông tin trẻ em", "phần mềm quản lý thông tin trẻ em"),
    ("chuan hoa lam sach du lieu tre em", "chuẩn hóa, làm sạch dữ liệu"),
    ("chỉ tiêu thống kê Thông tư 13/2021", "thông tư số 13/2021"),
    ("cộng tác viên dân số thôn tổ dân phố", "cộng tác viên dân số"),
    ("nhan vien cong tac xa hoi", "nhân viên công tác xã hội"),
    ("kinh phí thực hiện kế hoạch", "kinh phí thực hiện"),
    ("nguồn xã hội hóa", "xã hội hóa"),
    ("cong trinh ve sinh dat tieu chuan", "công trình vệ sinh đạt tiêu chuẩn"),
    ("sức khỏe sinh sản vị thành niên", "sức khỏe sinh sản vị thành niên"),
    ("lựa chọn giới tính thai nhi", "lựa chọn giới tính thai nhi"),
    ("nông thôn mới đô thị văn minh", "nông thôn mới"),
]
