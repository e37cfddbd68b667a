//! CJK radical code points that some PDF producers (Skia with Noto CJK)
//! put in ToUnicode maps for glyphs shared with ideographs: ⺠ for 民, ⼀ for
//! 一. Mapped back to the unified ideographs (Kangxi radicals as Unicode's
//! NFKC does; CJK Radicals Supplement by their equivalent ideographs).

/// Kangxi radicals U+2F00–U+2FD5, in order.
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// CJK Radicals Supplement with an equivalent unified ideograph.
const SUPPLEMENT: &[(char, char)] = &[
    ('\u{2E81}', '厂'),
    ('\u{2E85}', '亻'),
    ('\u{2E86}', '冂'),
    ('\u{2E89}', '刂'),
    ('\u{2E8A}', '卜'),
    ('\u{2E8C}', '小'),
    ('\u{2E8D}', '小'),
    ('\u{2E8E}', '兀'),
    ('\u{2E90}', '尢'),
    ('\u{2E92}', '巳'),
    ('\u{2E93}', '幺'),
    ('\u{2E94}', '彑'),
    ('\u{2E95}', '彐'),
    ('\u{2E96}', '忄'),
    ('\u{2E97}', '心'),
    ('\u{2E98}', '扌'),
    ('\u{2E99}', '攵'),
    ('\u{2E9B}', '旡'),
    ('\u{2E9C}', '日'),
    ('\u{2E9D}', '月'),
    ('\u{2E9F}', '母'),
    ('\u{2EA0}', '民'),
    ('\u{2EA1}', '氵'),
    ('\u{2EA2}', '氺'),
    ('\u{2EA3}', '灬'),
    ('\u{2EA4}', '爫'),
    ('\u{2EA5}', '爫'),
    ('\u{2EA6}', '丬'),
    ('\u{2EA7}', '牛'),
    ('\u{2EA8}', '犭'),
    ('\u{2EA9}', '王'),
    ('\u{2EAA}', '疋'),
    ('\u{2EAB}', '罒'),
    ('\u{2EAC}', '示'),
    ('\u{2EAD}', '礻'),
    ('\u{2EAE}', '竹'),
    ('\u{2EAF}', '糸'),
    ('\u{2EB0}', '纟'),
    ('\u{2EB6}', '羊'),
    ('\u{2EB7}', '羊'),
    ('\u{2EB8}', '羊'),
    ('\u{2EB9}', '老'),
    ('\u{2EBA}', '肀'),
    ('\u{2EBB}', '聿'),
    ('\u{2EBC}', '月'),
    ('\u{2EBD}', '臼'),
    ('\u{2EBE}', '艹'),
    ('\u{2EBF}', '艹'),
    ('\u{2EC0}', '艹'),
    ('\u{2EC1}', '虎'),
    ('\u{2EC2}', '衤'),
    ('\u{2EC3}', '覀'),
    ('\u{2EC4}', '西'),
    ('\u{2EC5}', '见'),
    ('\u{2EC6}', '角'),
    ('\u{2EC7}', '角'),
    ('\u{2EC8}', '讠'),
    ('\u{2EC9}', '贝'),
    ('\u{2ECA}', '足'),
    ('\u{2ECB}', '车'),
    ('\u{2ECC}', '辶'),
    ('\u{2ECD}', '辶'),
    ('\u{2ECF}', '阝'),
    ('\u{2ED0}', '钅'),
    ('\u{2ED1}', '長'),
    ('\u{2ED3}', '长'),
    ('\u{2ED4}', '门'),
    ('\u{2ED5}', '阝'),
    ('\u{2ED6}', '阝'),
    ('\u{2ED7}', '雨'),
    ('\u{2ED8}', '青'),
    ('\u{2ED9}', '韦'),
    ('\u{2EDA}', '页'),
    ('\u{2EDB}', '风'),
    ('\u{2EDC}', '飞'),
    ('\u{2EDD}', '食'),
    ('\u{2EDF}', '食'),
    ('\u{2EE0}', '饣'),
    ('\u{2EE1}', '首'),
    ('\u{2EE2}', '马'),
    ('\u{2EE3}', '骨'),
    ('\u{2EE4}', '鬼'),
    ('\u{2EE5}', '鱼'),
    ('\u{2EE6}', '鸟'),
    ('\u{2EE7}', '卤'),
    ('\u{2EE8}', '麦'),
    ('\u{2EE9}', '黄'),
    ('\u{2EEA}', '黾'),
    ('\u{2EEB}', '斉'),
    ('\u{2EEC}', '齐'),
    ('\u{2EED}', '歯'),
    ('\u{2EEE}', '齿'),
    ('\u{2EEF}', '竜'),
    ('\u{2EF0}', '龙'),
    ('\u{2EF1}', '龜'),
    ('\u{2EF2}', '亀'),
    ('\u{2EF3}', '龟'),
];

/// Kangxi radicals whose NFKC form is traditional, as the simplified form a
/// mainland plan prints (a font shares one glyph between 户 and ⼾, and the
/// producer named the radical).
const SIMPLIFIED: &[(char, char)] = &[
    ('戶', '户'),
    ('見', '见'),
    ('貝', '贝'),
    ('車', '车'),
    ('長', '长'),
    ('門', '门'),
    ('韋', '韦'),
    ('頁', '页'),
    ('風', '风'),
    ('飛', '飞'),
    ('馬', '马'),
    ('魚', '鱼'),
    ('鳥', '鸟'),
    ('鹵', '卤'),
    ('麥', '麦'),
    ('黃', '黄'),
    ('黽', '黾'),
    ('齊', '齐'),
    ('齒', '齿'),
    ('龍', '龙'),
    ('龜', '龟'),
    ('靑', '青'),
];

/// The unified ideograph a radical code point stands for, if it is one.
pub fn ideograph(c: char) -> Option<char> {
    match c as u32 {
        0x2F00..=0x2FD5 => KANGXI.chars().nth((c as u32 - 0x2F00) as usize).map(|t| {
            SIMPLIFIED
                .iter()
                .find(|(a, _)| *a == t)
                .map_or(t, |(_, s)| *s)
        }),
        0x2E80..=0x2EF3 => SUPPLEMENT
            .binary_search_by_key(&c, |p| p.0)
            .ok()
            .map(|i| SUPPLEMENT[i].1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn radicals() {
        assert_eq!(super::ideograph('\u{2F00}'), Some('一'));
        assert_eq!(super::ideograph('\u{2EA0}'), Some('民'));
        assert_eq!(super::ideograph('\u{2FD5}'), Some('龠'));
        assert_eq!(super::ideograph('\u{2F3E}'), Some('户'));
        assert_eq!(super::ideograph('民'), None);
    }
}
