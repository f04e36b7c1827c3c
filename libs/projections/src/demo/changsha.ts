import type { Ownership, Stage } from '@ledger/domain';

/** Changsha's nine county-level divisions, with the place names the demo builds school names from. */
export const DISTRICTS: ReadonlyArray<{ code: string; name: string; prefix: string; places: readonly string[] }> = [
  { code: '430102', name: '芙蓉区', prefix: '长沙市芙蓉区', places: ['东湖', '马坡岭', '定王台', '火星', '东屯渡', '文艺路', '朝阳', '韭菜园', '荷花园', '湘湖'] },
  { code: '430103', name: '天心区', prefix: '长沙市天心区', places: ['坡子街', '城南路', '暮云', '南托', '先锋', '大托', '金盆岭', '赤岭路', '新开铺', '桂花坪'] },
  { code: '430104', name: '岳麓区', prefix: '长沙市岳麓区', places: ['麓谷', '梅溪湖', '洋湖', '含浦', '坪塘', '莲花', '雨敞坪', '望岳', '咸嘉湖', '桔子洲'] },
  { code: '430105', name: '开福区', prefix: '长沙市开福区', places: ['四方坪', '洪山', '捞刀河', '青竹湖', '伍家岭', '新河', '东风', '湘雅', '浏阳河', '月湖'] },
  { code: '430111', name: '雨花区', prefix: '长沙市雨花区', places: ['高桥', '圭塘', '井湾子', '洞井', '黎托', '同升', '跳马', '侯家塘', '左家塘', '东塘'] },
  { code: '430112', name: '望城区', prefix: '长沙市望城区', places: ['高塘岭', '丁字湾', '乔口', '靖港', '白沙洲', '月亮岛', '黄金园', '铜官', '茶亭', '白箬铺'] },
  { code: '430121', name: '长沙县', prefix: '长沙县', places: ['星沙', '榔梨', '黄兴', '江背', '安沙', '福临', '青山铺', '泉塘', '果园', '春华'] },
  { code: '430181', name: '浏阳市', prefix: '浏阳市', places: ['集里', '淮川', '关口', '永安', '沙市', '大围山', '社港', '官渡', '古港', '北盛'] },
  { code: '430182', name: '宁乡市', prefix: '宁乡市', places: ['玉潭', '城郊', '灰汤', '花明楼', '双江口', '煤炭坝', '大成桥', '夏铎铺', '资福', '回龙铺'] },
];

/** Schools outside Changsha keep their own division code (POLICY.md). */
export const OUTSIDE: ReadonlyArray<{ code: string; prefix: string; places: readonly string[] }> = [
  { code: '430302', prefix: '湘潭市雨湖区', places: ['城正街', '窑湾', '云塘'] },
  { code: '430202', prefix: '株洲市荷塘区', places: ['月塘', '茨菇塘', '宋家桥'] },
  { code: '430602', prefix: '岳阳市岳阳楼区', places: ['洞庭', '奇家岭', '枫桥湖'] },
  { code: '430903', prefix: '益阳市赫山区', places: ['龙岭', '会龙山', '桃花仑'] },
  { code: '431302', prefix: '娄底市娄星区', places: ['乐坪', '花山', '大科'] },
];

export interface LeadSeed {
  readonly name: string;
  /** Short name for the group: 长郡 → 长郡教育集团. */
  readonly brand: string;
  readonly stages: readonly Stage[];
  readonly administration: 'CITY_DIRECT' | 'DISTRICT';
  readonly districtCode: string;
}

/** Well-known schools that lead education groups in Changsha. */
export const FAMOUS_LEADS: readonly LeadSeed[] = [
  { name: '长郡中学', brand: '长郡', stages: ['JUNIOR', 'SENIOR'], administration: 'CITY_DIRECT', districtCode: '430103' },
  { name: '雅礼中学', brand: '雅礼', stages: ['JUNIOR', 'SENIOR'], administration: 'CITY_DIRECT', districtCode: '430103' },
  { name: '长沙市一中', brand: '长沙市一中', stages: ['JUNIOR', 'SENIOR'], administration: 'CITY_DIRECT', districtCode: '430105' },
  { name: '湖南师大附中', brand: '湖南师大附中', stages: ['JUNIOR', 'SENIOR'], administration: 'CITY_DIRECT', districtCode: '430104' },
  { name: '周南中学', brand: '周南', stages: ['JUNIOR', 'SENIOR'], administration: 'CITY_DIRECT', districtCode: '430105' },
  { name: '长沙市实验小学', brand: '长沙市实验小学', stages: ['PRIMARY'], administration: 'CITY_DIRECT', districtCode: '430103' },
  { name: '长沙市明德中学', brand: '明德', stages: ['JUNIOR', 'SENIOR'], administration: 'CITY_DIRECT', districtCode: '430102' },
  { name: '长沙市第十一中学', brand: '长沙市十一中', stages: ['JUNIOR', 'SENIOR'], administration: 'CITY_DIRECT', districtCode: '430103' },
  { name: '长沙市芙蓉区大同小学', brand: '大同', stages: ['PRIMARY'], administration: 'DISTRICT', districtCode: '430102' },
  { name: '长沙市天心区青园中信小学', brand: '青园', stages: ['PRIMARY'], administration: 'DISTRICT', districtCode: '430103' },
  { name: '长沙市岳麓区博才小学', brand: '博才', stages: ['PRIMARY'], administration: 'DISTRICT', districtCode: '430104' },
  { name: '长沙市开福区清水塘实验学校', brand: '清水塘', stages: ['PRIMARY', 'JUNIOR'], administration: 'DISTRICT', districtCode: '430105' },
  { name: '长沙市雨花区砂子塘小学', brand: '砂子塘', stages: ['PRIMARY'], administration: 'DISTRICT', districtCode: '430111' },
  { name: '长沙市望城区第一中学', brand: '望城一中', stages: ['SENIOR'], administration: 'DISTRICT', districtCode: '430112' },
  { name: '长沙县泉塘小学', brand: '泉塘', stages: ['PRIMARY'], administration: 'DISTRICT', districtCode: '430121' },
  { name: '浏阳市第一中学', brand: '浏阳一中', stages: ['SENIOR'], administration: 'DISTRICT', districtCode: '430181' },
  { name: '宁乡市第一高级中学', brand: '宁乡一中', stages: ['SENIOR'], administration: 'DISTRICT', districtCode: '430182' },
  { name: '长沙市雨花区枫树山小学', brand: '枫树山', stages: ['PRIMARY'], administration: 'DISTRICT', districtCode: '430111' },
];

/** Kinds of partner school: name suffix, stages, ownership. */
export const PARTNER_KINDS: ReadonlyArray<{ suffix: string; stages: readonly Stage[]; ownership: Ownership }> = [
  { suffix: '小学', stages: ['PRIMARY'], ownership: 'PUBLIC' },
  { suffix: '中学', stages: ['JUNIOR'], ownership: 'PUBLIC' },
  { suffix: '实验学校', stages: ['PRIMARY', 'JUNIOR'], ownership: 'PUBLIC' },
  { suffix: '高级中学', stages: ['SENIOR'], ownership: 'PUBLIC' },
  { suffix: '中学', stages: ['JUNIOR', 'SENIOR'], ownership: 'PUBLIC' },
  { suffix: '幼儿园', stages: ['KINDERGARTEN'], ownership: 'PUBLIC' },
  { suffix: '外国语学校', stages: ['PRIMARY', 'JUNIOR'], ownership: 'PRIVATE' },
];
