// The size baseline of the micro-app benchmark: a bare React + antd-mobile page with one list.
import { List, NavBar } from 'antd-mobile';
import { createRoot } from 'react-dom/client';

const items = ['舟山市纪委“四责协同”监督平台2.0', '舟山市基层公权力大数据监督应用', '数字政协建设'];

createRoot(document.getElementById('root')!).render(
  <>
    <NavBar back={null}>我的项目</NavBar>
    <List>
      {items.map((item) => (
        <List.Item key={item}>{item}</List.Item>
      ))}
    </List>
  </>,
);
