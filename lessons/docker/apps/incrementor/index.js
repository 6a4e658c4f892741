// wharf: env DATA_PATH ./data.txt
// wharf: counter $DATA_PATH file not found, writing '0' to a new file
const fs = require("fs").promises;
const path = require("path");

const dataPath = path.join(process.env.DATA_PATH || "./data.txt");

fs.readFile(dataPath)
  .then((buffer) => {
    const data = buffer.toString();
    console.log(data);
    writeTo(+data + 1);
  })
  .catch((e) => {
    console.log("file not found, writing '0' to a new file");
    writeTo(0);
  });

const writeTo = (data) => {
  fs.writeFile(dataPath, data.toString()).catch(console.error);
};
